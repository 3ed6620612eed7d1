using System.Text.Json;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>
/// Evaluates a jobset with the local Nix (<c>nix-instantiate --eval --json --strict --read-write-mode</c> on
/// <see cref="JobsWalker"/>, which also writes the jobs' <c>.drv</c> files to the store). An attribute that fails is a
/// failed job with Nix's message; errors <c>builtins.tryEval</c> cannot catch (a type error, a missing attribute) are
/// isolated by evaluating the set's attributes one by one; an expression that does not evaluate at all is a failed
/// evaluation with Nix's message.
/// </summary>
public sealed class NixJobsetEvaluator : IJobsetEvaluator
{
    private const string InstallHint = "jobset evaluations run the local Nix (apt-get install nix-bin)";

    /// <summary>The most of one Nix message kept with a job.</summary>
    public const int MaxErrorChars = 4000;

    public async Task<JobsetEvaluation> EvaluateAsync(JobsetDefinition jobset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobset);
        var source = jobset.ExpressionPath;
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            return new JobsetEvaluation(null, null, $"the expression {source} does not exist on this coordinator", []);
        }

        var directory = Directory.Exists(source) ? source : Path.GetDirectoryName(source)!;
        var revision = await RevisionAsync(directory, cancellationToken).ConfigureAwait(false);
        var hash = await ToolRun.RunAsync("nix-hash", ["--type", "sha256", "--base32", directory], InstallHint, cancellationToken).ConfigureAwait(false);
        var walker = Path.Combine(Path.GetTempPath(), $"asterfarm-jobs-walker-{Guid.NewGuid():N}.nix");
        await File.WriteAllTextAsync(walker, JobsWalker.Expression, cancellationToken).ConfigureAwait(false);
        try
        {
            var call = new WalkerCall(walker, Path.GetFullPath(source), JsonSerializer.Serialize(jobset.ArgumentMap()));
            var jobs = new List<EvaluatedJob>();
            var error = await EvaluateSubtreeAsync(call, string.Empty, jobs, cancellationToken).ConfigureAwait(false);
            return new JobsetEvaluation(
                revision, hash.Succeeded ? hash.Output.Trim() : null, error, error is null ? [.. jobs.OrderBy(job => job.Attribute, StringComparer.Ordinal)] : []);
        }
        finally
        {
            File.Delete(walker);
        }
    }

    /// <summary>Adds the jobs at and below <paramref name="path"/>; returns Nix's message if <paramref name="path"/> is the top and does not evaluate.</summary>
    private static async Task<string?> EvaluateSubtreeAsync(WalkerCall call, string path, List<EvaluatedJob> jobs, CancellationToken cancellationToken)
    {
        var walked = await call.RunAsync(path, "walk", cancellationToken).ConfigureAwait(false);
        if (walked.Succeeded)
        {
            foreach (var element in JsonDocument.Parse(walked.Output).RootElement.EnumerateArray())
            {
                var attribute = element.GetProperty("attr").GetString()!;
                jobs.Add(element.TryGetProperty("failed", out _)
                    ? EvaluatedJob.Failed(attribute, await MessageOfAsync(call, attribute, cancellationToken).ConfigureAwait(false))
                    : Job(attribute, element));
            }

            return null;
        }

        // Something below failed in a way tryEval cannot catch: split the set and evaluate its attributes one by one.
        var names = await call.RunAsync(path, "names", cancellationToken).ConfigureAwait(false);
        if (!names.Succeeded)
        {
            if (path.Length == 0)
            {
                return Trim(names.Errors);
            }

            jobs.Add(EvaluatedJob.Failed(path, Trim(names.Errors)));
            return null;
        }

        var list = JsonDocument.Parse(names.Output).RootElement;
        if (list.ValueKind != JsonValueKind.Array)
        {
            // A derivation (or the top is one): it is the job that fails.
            if (path.Length == 0)
            {
                return Trim(walked.Errors);
            }

            jobs.Add(EvaluatedJob.Failed(path, Trim(walked.Errors)));
            return null;
        }

        foreach (var name in list.EnumerateArray().Select(element => element.GetString()!))
        {
            await EvaluateSubtreeAsync(call, path.Length == 0 ? name : path + "." + name, jobs, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static EvaluatedJob Job(string attribute, JsonElement element)
    {
        var outputs = element.GetProperty("outputs").EnumerateObject().Select(output => $"{output.Name}={output.Value.GetString()}").Order(StringComparer.Ordinal);
        return new EvaluatedJob(attribute, element.GetProperty("drvPath").GetString(), element.GetProperty("system").GetString(), [.. outputs], null);
    }

    private static async Task<string> MessageOfAsync(WalkerCall call, string attribute, CancellationToken cancellationToken)
    {
        var forced = await call.RunAsync(attribute, "force", cancellationToken).ConfigureAwait(false);
        return forced.Succeeded ? "the attribute failed to evaluate, but Nix evaluated it alone" : Trim(forced.Errors);
    }

    private static async Task<string?> RevisionAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            var git = await ToolRun.RunAsync("git", ["-C", directory, "rev-parse", "HEAD"], "only for recording revisions", cancellationToken).ConfigureAwait(false);
            return git.Succeeded ? git.Output.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            // No git: the content hash identifies the input.
            return null;
        }
    }

    // Nix's hint to rerun with --show-trace means nothing to the reader of a diff.
    private static string Trim(string message)
    {
        var text = string.Join('\n', message.Split('\n').Where(line => !line.StartsWith("(use '--show-trace'", StringComparison.Ordinal))).Trim();
        return text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
    }

    private sealed record WalkerCall(string Walker, string SourcePath, string ArgumentsJson)
    {
        public Task<ToolRun> RunAsync(string attributePath, string mode, CancellationToken cancellationToken) =>
            ToolRun.RunAsync(
                "nix-instantiate",
                [
                    "--eval", "--json", "--strict", "--read-write-mode", Walker,
                    "--argstr", "sourcePath", SourcePath,
                    "--argstr", "argsJson", ArgumentsJson,
                    "--argstr", "attrPath", attributePath,
                    "--argstr", "mode", mode,
                ],
                InstallHint,
                cancellationToken);
    }
}
