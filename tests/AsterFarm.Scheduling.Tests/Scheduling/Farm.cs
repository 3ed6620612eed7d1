using AsterFarm.Scheduling.Builders;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Tests;

/// <summary>Short hands for hand-made DAGs and builders.</summary>
internal static class Farm
{
    public const string X86 = "x86_64-linux";
    public const string Arm = "aarch64-linux";
    public const string Riscv = "riscv64-linux";

    public static DerivationId Id(string id) => new(id);

    public static DerivationSpec Drv(
        string id, string system = X86, string[]? deps = null, string[]? features = null, long bytes = 0, bool cached = false) =>
        new(Id(id), system, string.Empty, (deps ?? []).Select(Id).ToArray(), features ?? [], bytes, cached);

    public static RunSubmission Run(string id, int priority, params DerivationSpec[] derivations) =>
        new(RunOf(id), priority, derivations);

    /// <summary>The run id a test names <paramref name="name"/> (the same name, the same id).</summary>
    public static RunId RunOf(string name) => new(new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)));

    public static BuilderSpec Native(string name, string system, double speed = 1, int slots = 1, string[]? features = null) =>
        new(new NodeName(name), slots, new Dictionary<string, double> { [system] = speed }, new Dictionary<string, double>(),
            features ?? [], name);

    public static BuilderSpec Emulating(string name, string system, double speed, int slots = 1, string[]? features = null) =>
        new(new NodeName(name), slots, new Dictionary<string, double> { [X86] = 1 }, new Dictionary<string, double> { [system] = speed },
            features ?? [], name);

    /// <summary>A core with the given builders, the prior at 60 s and no feature factors, so tests compute estimates by hand.</summary>
    public static SchedulerCore CoreWith(params BuilderSpec[] builders) => CoreWith(SchedulingPolicy.CriticalPath, builders);

    public static SchedulerCore CoreWith(SchedulingPolicy policy, params BuilderSpec[] builders)
    {
        var options = new SchedulerOptions { Policy = policy };
        options.Estimates.FeaturePriorFactors.Clear();
        var core = new SchedulerCore(options);
        foreach (var builder in builders)
        {
            core.BuilderJoined(builder);
        }

        return core;
    }

    public static SchedulerCore Submitted(SchedulerCore core, params DerivationSpec[] derivations)
    {
        var result = core.Submit(Run("run", 0, derivations));
        Assert.True(result.Accepted, result.Error);
        return core;
    }

    public static string Placed(this IReadOnlyList<Dispatch> dispatches, string id) =>
        dispatches.Single(d => d.Derivation == Id(id)).Node.Value;
}
