using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>One job in a diff: its derivation then and now, and, when it fails now, how and the first lines of why.</summary>
/// <param name="Attribute">The job's attribute path.</param>
/// <param name="DrvPath">Its derivation in the newer evaluation (null when removed or not evaluated).</param>
/// <param name="PreviousDrvPath">Its derivation in the older evaluation (null when added or not evaluated then).</param>
/// <param name="State">Its state in the newer evaluation (in the older one for removed jobs).</param>
/// <param name="FailureClass">Build, Infrastructure, Evaluation or Dependency when it fails now, else null.</param>
/// <param name="Error">The first lines of its error when it fails now, else null.</param>
[MessagePackObject]
public sealed record DiffEntry([property: Key(0)] string Attribute, [property: Key(1)] string? DrvPath, [property: Key(2)] string? PreviousDrvPath, [property: Key(3)] string State, [property: Key(4)] string? FailureClass, [property: Key(5)] string? Error);
