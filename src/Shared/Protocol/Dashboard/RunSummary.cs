using AsterFarm.Shared.Protocol.Runs;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>One run as the dashboard's run list shows it.</summary>
/// <param name="Run">The run.</param>
/// <param name="State">Planning, Running, Succeeded, Failed or Cancelled.</param>
/// <param name="CreatedUtc">When it was submitted.</param>
/// <param name="EndedUtc">When it ended, if it did (and this scheduler saw it end).</param>
/// <param name="Priority">Its submission priority.</param>
/// <param name="Roots">How many roots it was submitted with.</param>
/// <param name="FirstRoot">The file name of its first root (<c>hash-name.drv</c>).</param>
/// <param name="Derivations">Derivations in its DAG, cached ones included.</param>
/// <param name="Systems">Counts per system.</param>
[MessagePackObject]
public sealed record RunSummary(
    [property: Key(0)] RunId Run,
    [property: Key(1)] RunState State,
    [property: Key(2)] DateTime CreatedUtc,
    [property: Key(3)] DateTime? EndedUtc,
    [property: Key(4)] int Priority,
    [property: Key(5)] int Roots,
    [property: Key(6)] string FirstRoot,
    [property: Key(7)] int Derivations,
    [property: Key(8)] ValueList<SystemProgress> Systems);
