using System.Text.RegularExpressions;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>
/// A jobset: a Nix expression whose attributes are the jobs (nested sets allowed, as Hydra's <c>release.nix</c>), when
/// to evaluate it, and how its runs and outputs are treated.
/// </summary>
/// <param name="Name">Letters, digits, <c>.</c>, <c>_</c> and <c>-</c>; at most 64 characters.</param>
/// <param name="ExpressionPath">An absolute path, on the coordinators, to a <c>.nix</c> file or a directory with a <c>default.nix</c>.</param>
/// <param name="Arguments">Passed to the expression when it is a function (<c>--argstr</c> semantics: strings), as <c>NAME=VALUE</c> pairs.</param>
/// <param name="Schedule">A cron expression (5 fields, or 6 with seconds), or null for evaluations on demand only.</param>
/// <param name="TimeZone">The IANA time zone the schedule is read in (default UTC).</param>
/// <param name="Priority">The priority of its runs (higher goes first).</param>
/// <param name="CancelPrevious">A new evaluation cancels the previous evaluation's run if it has not finished.</param>
/// <param name="KeepEvaluations">The outputs of this many last successful evaluations are kept in the cache (garbage-collection roots).</param>
/// <param name="Webhook">An http(s) URL that receives each evaluation's diff as JSON (POST), or null.</param>
[MessagePackObject]
public sealed partial record JobsetDefinition(
    [property: Key(0)] string Name,
    [property: Key(1)] string ExpressionPath,
    [property: Key(2)] string[] Arguments,
    [property: Key(3)] string? Schedule,
    [property: Key(4)] string TimeZone,
    [property: Key(5)] int Priority,
    [property: Key(6)] bool CancelPrevious,
    [property: Key(7)] int KeepEvaluations,
    [property: Key(8)] string? Webhook)
{
    public const int MaxNameLength = 64;

    public const int DefaultKeepEvaluations = 3;

    /// <summary>Every problem of the definition, each naming the field; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Name) || Name.Length > MaxNameLength || !NamePattern().IsMatch(Name))
        {
            problems.Add($"name '{Name}': use 1 to {MaxNameLength} letters, digits, '.', '_' or '-'");
        }

        if (string.IsNullOrWhiteSpace(ExpressionPath) || !Path.IsPathFullyQualified(ExpressionPath))
        {
            problems.Add($"expression '{ExpressionPath}': an absolute path to a .nix file or a directory is needed");
        }

        foreach (var argument in Arguments ?? [])
        {
            if (argument is null || argument.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                problems.Add($"argument '{argument}': write NAME=VALUE");
            }
        }

        if (Schedule is not null && !JobsetSchedule.TryParse(Schedule, TimeZone, out _, out var error))
        {
            problems.Add(error);
        }
        else if (Schedule is null && !JobsetSchedule.TryFindTimeZone(TimeZone, out _))
        {
            problems.Add($"time zone '{TimeZone}' is unknown (use an IANA name such as Europe/Berlin, or UTC)");
        }

        if (KeepEvaluations < 0)
        {
            problems.Add($"keep {KeepEvaluations}: must be 0 or more");
        }

        if (Webhook is not null && !(Uri.TryCreate(Webhook, UriKind.Absolute, out var hook) && hook.Scheme is "http" or "https"))
        {
            problems.Add($"webhook '{Webhook}': an http(s) URL is needed");
        }

        return problems;
    }

    /// <summary>The arguments as a name → value map (the last of a repeated name wins).</summary>
    public IReadOnlyDictionary<string, string> ArgumentMap()
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            map[argument[..equals]] = argument[(equals + 1)..];
        }

        return map;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
