namespace AsterFarm.Builder.Node;

/// <summary>One slowdown measurement: the best native and emulated times of the same program.</summary>
public sealed record QemuSlowdownMeasurement(string System, TimeSpan Native, TimeSpan Emulated)
{
    /// <summary>Emulated time over native time.</summary>
    public double Factor => Emulated.TotalSeconds / Math.Max(Native.TotalSeconds, 1e-6);
}
