using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>
/// Builder → scheduler: the lease's build succeeded and every output is in the cache (acknowledged
/// by the write quorum). Sent after the upload, so a dependent may be dispatched at once.
/// </summary>
[MessagePackObject]
public sealed record BuildFinished(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] StorePath DrvPath,
    [property: Key(2)] NodeName Node,
    [property: Key(3)] ValueList<BuiltOutput> Outputs,
    [property: Key(4)] PhaseTimings Timings,
    [property: Key(5)] TraceContext? Trace) : IAsterFarmMessage;
