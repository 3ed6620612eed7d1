using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>
/// HTTP edge → scheduler: build these root derivations, whose <c>.drv</c> closures are already in the
/// cache. At most <see cref="ProtocolLimits.MaxPathsPerMessage"/> roots; a bigger jobset sends the rest
/// in <see cref="AddRunRoots"/> before the scheduler replies. Replied with <see cref="RunAccepted"/> or
/// <see cref="RunRejected"/>; submitting the same <paramref name="Run"/> again is answered, not duplicated.
/// </summary>
[MessagePackObject]
public sealed record SubmitRun(
    [property: Key(0)] RunId Run,
    [property: Key(1)] ValueList<StorePath> Roots,
    [property: Key(2)] int Priority,
    [property: Key(3)] RunOptions Options,
    [property: Key(4)] int ExpectedRootBatches,
    [property: Key(5)] TraceContext? Trace) : IAsterFarmMessage;
