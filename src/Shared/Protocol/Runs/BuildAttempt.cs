using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>One failed try of a derivation in a run report: every retry and why, and the final failure.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="Attempt">Which dispatch of it this was (1 for the first).</param>
/// <param name="Node">The builder it failed on.</param>
/// <param name="Class">Whose fault: infrastructure failures are retried elsewhere, build failures are final.</param>
/// <param name="Reason">The builder's one-line reason.</param>
/// <param name="AtUtc">When the scheduler learnt of it.</param>
[MessagePackObject]
public sealed record BuildAttempt(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] int Attempt,
    [property: Key(2)] NodeName Node,
    [property: Key(3)] FailureClass Class,
    [property: Key(4)] string Reason,
    [property: Key(5)] DateTime AtUtc);
