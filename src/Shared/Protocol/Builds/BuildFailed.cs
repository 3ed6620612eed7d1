using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Builder → scheduler: the lease's build failed.</summary>
/// <param name="Lease">The lease the failure ends.</param>
/// <param name="DrvPath">The derivation that failed.</param>
/// <param name="Node">The builder it ran on.</param>
/// <param name="Class">Whether another node may succeed.</param>
/// <param name="Reason">One line for the run report (e.g. <c>builder exited with code 2</c>).</param>
/// <param name="LogTail">The end of the build log, at most <see cref="ProtocolLimits.MaxLogTailBytes"/> (see <see cref="Builds.LogTail.Of"/>); the full log is in the cache.</param>
/// <param name="Timings">Time spent in each phase up to the failure.</param>
/// <param name="Trace">The trace the build belongs to.</param>
[MessagePackObject]
public sealed record BuildFailed(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] StorePath DrvPath,
    [property: Key(2)] NodeName Node,
    [property: Key(3)] FailureClass Class,
    [property: Key(4)] string Reason,
    [property: Key(5)] string LogTail,
    [property: Key(6)] PhaseTimings Timings,
    [property: Key(7)] TraceContext? Trace) : IAsterFarmMessage;
