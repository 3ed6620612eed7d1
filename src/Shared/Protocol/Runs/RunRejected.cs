using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>
/// Scheduler → submitter: the run cannot start. <paramref name="Problems"/> names what is wrong
/// (a cycle, a missing <c>.drv</c> or source), at most <see cref="MaxProblems"/> of them.
/// </summary>
[MessagePackObject]
public sealed record RunRejected(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string Reason,
    [property: Key(2)] ValueList<string> Problems) : IAsterFarmMessage
{
    public const int MaxProblems = 64;
}
