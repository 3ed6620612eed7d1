using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>Each job's outcome from its run's per-derivation status (the pages of <see cref="GetRunPage"/>) and failed tries.</summary>
public static class RunOutcomes
{
    public static JobOutcome[] From(EvaluationRecord evaluation, IEnumerable<RunPageEntry> entries, IEnumerable<BuildAttempt> attempts, StoreDir storeDir, string? runProblem = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(storeDir);
        var byDrv = new Dictionary<string, RunPageEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byDrv[storeDir.Print(entry.DrvPath)] = entry;
        }

        var lastClass = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attempt in attempts.OrderBy(attempt => attempt.Attempt))
        {
            lastClass[storeDir.Print(attempt.DrvPath)] = attempt.Class.ToString();
        }

        return [.. evaluation.Jobs.Where(job => job.Evaluated).Select(job => byDrv.TryGetValue(job.DrvPath!, out var entry)
            ? Of(job.Attribute, entry, lastClass.GetValueOrDefault(job.DrvPath!))
            : new JobOutcome(job.Attribute, JobState.Cancelled, null, false, null, "Cancelled", runProblem ?? "its run ended without reporting it"))];
    }

    private static JobOutcome Of(string attribute, RunPageEntry entry, string? failureClass)
    {
        var seconds = entry is { StartedUtc: { } start, EndedUtc: { } end } && end >= start ? (end - start).TotalSeconds : (double?)null;
        var node = entry.Node?.Value;
        return entry.State switch
        {
            BuildState.Built => new JobOutcome(attribute, JobState.Built, seconds, entry.Emulated, node, null, null),
            BuildState.Cached => new JobOutcome(attribute, JobState.Cached, null, false, null, null, null),
            BuildState.Failed => new JobOutcome(
                attribute, JobState.Failed, seconds, entry.Emulated, node, failureClass ?? "Build", string.Join('\n', new[] { entry.Reason, entry.LogTail }.Where(text => !string.IsNullOrEmpty(text)))),
            BuildState.DependencyFailed => new JobOutcome(attribute, JobState.DependencyFailed, null, false, null, "Dependency", entry.Reason),
            _ => new JobOutcome(attribute, JobState.Cancelled, null, entry.Emulated, node, "Cancelled", entry.Reason ?? $"the run ended with it {entry.State}"),
        };
    }
}
