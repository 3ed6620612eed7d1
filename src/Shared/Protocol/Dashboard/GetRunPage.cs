using AsterFarm.Shared.Protocol.Runs;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>
/// HTTP edge → scheduler: one page of a run's derivations, filtered and searched by the scheduler so that a run of
/// 100 000 derivations never crosses the wire whole; answered with a <see cref="RunPage"/>.
/// </summary>
/// <param name="Run">The run.</param>
/// <param name="States">Only derivations in one of these states; empty for all.</param>
/// <param name="Search">Only derivations whose path contains this text (case-insensitive); null or empty for all.</param>
/// <param name="Offset">Matching derivations to skip.</param>
/// <param name="Limit">The most to list, at most <see cref="MaxLimit"/>.</param>
[MessagePackObject]
public sealed record GetRunPage(
    [property: Key(0)] RunId Run,
    [property: Key(1)] ValueList<BuildState> States,
    [property: Key(2)] string? Search,
    [property: Key(3)] int Offset,
    [property: Key(4)] int Limit) : IAsterFarmMessage
{
    /// <summary>Entries in one page: with a log tail each, this keeps a page far below the frame limit.</summary>
    public const int MaxLimit = 50;
}
