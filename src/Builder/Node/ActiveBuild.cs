using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>A build this node has accepted and not yet reported.</summary>
/// <param name="Dispatch">The scheduler's request.</param>
/// <param name="StartedAtUtc">When the node accepted it.</param>
/// <param name="Emulated">Whether it runs under QEMU.</param>
public sealed record ActiveBuild(DispatchBuild Dispatch, DateTime StartedAtUtc, bool Emulated)
{
    /// <summary>How it is reported in registrations and heartbeats.</summary>
    public RunningBuild ToRunning() => new(Dispatch.Lease, Dispatch.DrvPath, StartedAtUtc);
}
