using System.Collections.Concurrent;
using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>
/// An evaluator that answers what the test scripted for the jobset (the real Nix evaluator has its own tests), and
/// records each call; <see cref="Hold"/> keeps the next calls running until released, as a slow Nix would.
/// </summary>
public sealed class ScriptedEvaluator : IJobsetEvaluator
{
    private readonly ConcurrentDictionary<string, JobsetEvaluation> _answers = new(StringComparer.Ordinal);
    private TaskCompletionSource _release = CompletedSource();

    public ConcurrentQueue<string> Calls { get; } = new();

    public void Answer(string jobset, JobsetEvaluation evaluation) => _answers[jobset] = evaluation;

    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async Task<JobsetEvaluation> EvaluateAsync(JobsetDefinition jobset, CancellationToken cancellationToken)
    {
        Calls.Enqueue(jobset.Name);
        await _release.Task.WaitAsync(cancellationToken);
        return _answers[jobset.Name];
    }

    /// <summary>An evaluation whose jobs are <c>attribute=drv-name</c> pairs, each with one output.</summary>
    public static JobsetEvaluation Jobs(params string[] jobs) =>
        new("rev", "hash", null, [.. jobs.Select(job => job.Split('=')).Select(pair => new EvaluatedJob(
            pair[0], $"/nix/store/{Hash(pair[1])}-{pair[1]}.drv", "x86_64-linux", [$"out=/nix/store/{Hash(pair[1] + "out")}-{pair[1]}"], null))]);

    public static string DrvOf(JobsetEvaluation evaluation, string attribute) => evaluation.Jobs.Single(job => job.Attribute == attribute).DrvPath!;

    private static string Hash(string seed) =>
        new([.. System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).Select(b => "0123456789abcdfghijklmnpqrsvwxyz"[b % 32])]);

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
