using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>One derivation's state in a run: where it runs and since when, or why it waits or failed.</summary>
/// <remarks><see cref="Wait"/> and <see cref="Cause"/> came later (additive keys): a reader of older bytes sees none.</remarks>
[MessagePackObject]
public sealed record BuildProgress(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] string System,
    [property: Key(2)] BuildState State,
    [property: Key(3)] NodeName? Node,
    [property: Key(4)] DateTime SinceUtc,
    [property: Key(5)] string? Reason,
    [property: Key(6)] WaitCause Wait = WaitCause.None,
    [property: Key(7)] FailureCause? Cause = null);
