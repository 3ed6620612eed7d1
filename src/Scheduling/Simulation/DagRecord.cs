namespace AsterFarm.Scheduling.Simulation;

/// <summary>One line of a simulator DAG file: <c>{"id","system","deps":[ids],"duration_s","features":[…]}</c>, optionally <c>"output_bytes"</c>.</summary>
/// <param name="Id">The derivation's id; its package name is the id without a version-like suffix (and without a <c>system/</c> prefix).</param>
/// <param name="System">The Nix system it builds for.</param>
/// <param name="Deps">Ids of the derivations it depends on.</param>
/// <param name="DurationS">Its build time in seconds on one reference x86_64 core.</param>
/// <param name="Features">Its required system features.</param>
/// <param name="OutputBytes">Size of its outputs; a builder lacking them spends time fetching them.</param>
public sealed record DagRecord(string Id, string System, IReadOnlyList<string>? Deps, double DurationS, IReadOnlyList<string>? Features, long OutputBytes = 0);
