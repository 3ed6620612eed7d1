using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>One job of an evaluation: its derivation and outputs, or why its attribute did not evaluate.</summary>
/// <param name="Attribute">The dotted attribute path, e.g. <c>hello.riscv64-linux</c>.</param>
/// <param name="DrvPath">The full <c>.drv</c> path, or null when it failed to evaluate.</param>
/// <param name="System">The derivation's system, or null when it failed to evaluate.</param>
/// <param name="Outputs"><c>name=/nix/store/…</c> pairs, sorted by name.</param>
/// <param name="Error">Nix's message when the attribute failed to evaluate, else null.</param>
[MessagePackObject]
public sealed record EvaluatedJob(
    [property: Key(0)] string Attribute,
    [property: Key(1)] string? DrvPath,
    [property: Key(2)] string? System,
    [property: Key(3)] string[] Outputs,
    [property: Key(4)] string? Error)
{
    [IgnoreMember]
    public bool Evaluated => Error is null && DrvPath is not null;

    public static EvaluatedJob Failed(string attribute, string error) => new(attribute, null, null, [], error);

    /// <summary>The output store paths (without their names).</summary>
    public IEnumerable<string> OutputPaths() => Outputs.Select(output => output[(output.IndexOf('=', StringComparison.Ordinal) + 1)..]);
}
