namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>
/// What emulation cost one system: the build phases that ran under QEMU, and the same divided by each builder's
/// measured slowdown (the native estimate). Only the build phase runs emulated; fetch, scan and upload do not.
/// </summary>
public sealed record EmulationLoss(string System, int Steps, TimeSpan Emulated, TimeSpan NativeEstimate)
{
    public TimeSpan Lost => Emulated - NativeEstimate;
}
