using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Scheduler → HTTP edge: one page of a run's derivations (running first, then failed, waiting, the rest).</summary>
/// <param name="Run">The run.</param>
/// <param name="Known">False when the scheduler knows no such run.</param>
/// <param name="Matching">Derivations matching the filter, on all pages.</param>
/// <param name="Offset">Where this page starts among them.</param>
/// <param name="Entries">This page.</param>
/// <param name="Summary">The run itself (state, counts per system), counted in the same pass as the page; null when unknown.</param>
[MessagePackObject]
public sealed record RunPage(
    [property: Key(0)] RunId Run,
    [property: Key(1)] bool Known,
    [property: Key(2)] int Matching,
    [property: Key(3)] int Offset,
    [property: Key(4)] ValueList<RunPageEntry> Entries,
    [property: Key(5)] RunSummary? Summary = null) : IAsterFarmMessage;
