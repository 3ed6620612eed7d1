using System.CommandLine;
using System.Text.Json;
using AsterFarm.Coordinator.Cli.Client;
using AsterFarm.Coordinator.Jobsets.Api;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Hosting.CommandLine;

namespace AsterFarm.Coordinator.Jobsets.Cli;

/// <summary><c>asterfarm jobset add|list|show|eval|remove|channel</c>: jobsets on the farm's coordinators.</summary>
internal static class JobsetCommand
{
    /// <summary>How often <c>jobset eval --wait</c> asks whether the evaluation is over.</summary>
    private static readonly TimeSpan WaitInterval = TimeSpan.FromSeconds(1);

    public static Command Create() =>
        new("jobset", "Define, list, evaluate and remove jobsets: Nix expressions the farm evaluates and builds on a schedule")
        {
            Add(), List(), Show(), Evaluate(), Remove(), Channel(),
        };

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The jobset's name (letters, digits, '.', '_', '-')" };
        var expression = new Argument<string>("expression") { Description = "A .nix file or a directory with default.nix, on the coordinators (absolute path; a relative one is made absolute here)" };
        var arguments = new Option<string[]>("--arg") { Description = "NAME=VALUE passed to the expression if it is a function (repeatable)", AllowMultipleArgumentsPerToken = false };
        var schedule = new Option<string?>("--schedule") { Description = "Cron expression (5 fields, or 6 with seconds) for scheduled evaluations, e.g. '0 2 * * *'" };
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone of the schedule (default UTC)", DefaultValueFactory = _ => "UTC" };
        var priority = new Option<int>("--priority") { Description = "Priority of its runs (default 0)" };
        var cancelPrevious = new Option<bool>("--cancel-previous") { Description = "A new evaluation cancels the previous evaluation's unfinished run" };
        var keep = new Option<int>("--keep") { Description = $"Keep the outputs of this many last successful evaluations in the cache (default {JobsetDefinition.DefaultKeepEvaluations})", DefaultValueFactory = _ => JobsetDefinition.DefaultKeepEvaluations };
        var webhook = new Option<string?>("--webhook") { Description = "http(s) URL that receives each evaluation's diff as JSON" };
        var command = new Command("add", "Define a jobset, or replace its definition (its evaluations are kept)") { name, expression, arguments, schedule, zone, priority, cancelPrevious, keep, webhook };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(expression);
            var request = new JobsetRequest(
                Path.IsPathFullyQualified(path) || path.Contains("://", StringComparison.Ordinal) ? path : Path.GetFullPath(path),
                parseResult.GetValue(arguments) ?? [],
                parseResult.GetValue(schedule),
                parseResult.GetRequiredValue(zone),
                parseResult.GetValue(priority),
                parseResult.GetValue(cancelPrevious),
                parseResult.GetValue(keep),
                parseResult.GetValue(webhook));
            await api.SaveAsync(parseResult.GetRequiredValue(name), request, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"jobset {parseResult.GetRequiredValue(name)} saved");
            return 0;
        });
    }

    private static Command List()
    {
        var json = JsonOption();
        var command = new Command("list", "List the jobsets, their schedules and latest evaluations") { json };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            using var list = await api.ListAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Print(list);
                return 0;
            }

            foreach (var jobset in list.RootElement.Deserialize<JobsetSummary[]>(JobsetsApiClient.Json) ?? [])
            {
                Console.WriteLine(JobsetText.Line(jobset));
            }

            return 0;
        });
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The jobset" };
        var json = JsonOption();
        var command = new Command("show", "Show a jobset and its kept evaluations") { name, json };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            using var details = await api.ShowAsync(parseResult.GetRequiredValue(name), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Print(details);
                return 0;
            }

            JobsetText.Details(Console.Out, details.RootElement.Deserialize<JobsetMessages.JobsetDetails>(JobsetsApiClient.Json)!);
            return 0;
        });
    }

    private static Command Evaluate()
    {
        var name = new Argument<string>("name") { Description = "The jobset" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the evaluation's run has ended and print the diff's summary (exit 1 if any job failed)" };
        var json = JsonOption();
        var command = new Command("eval", "Evaluate a jobset now and build its jobs as one run") { name, wait, json };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            var jobset = parseResult.GetRequiredValue(name);
            var number = await api.EvaluateAsync(jobset, cancellationToken).ConfigureAwait(false);
            if (!parseResult.GetValue(wait))
            {
                Console.WriteLine(parseResult.GetValue(json) ? JsonSerializer.Serialize(new { jobset, evaluation = number }, JobsetsApiClient.Json) : $"{jobset} evaluation #{number} started");
                return 0;
            }

            var record = await api.AwaitOverAsync(jobset, number, WaitInterval, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(record, JobsetsApiClient.Json));
            }
            else
            {
                Console.WriteLine(JobsetText.Evaluation(EvaluationSummary.Of(record)));
            }

            return record.AllSucceeded ? 0 : CliAction.Failed;
        });
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The jobset" };
        var command = new Command("remove", "Remove a jobset and its evaluations (its outputs are no longer garbage-collection roots)") { name };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            await api.RemoveAsync(parseResult.GetRequiredValue(name), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"jobset {parseResult.GetRequiredValue(name)} removed");
            return 0;
        });
    }

    private static Command Channel()
    {
        var name = new Argument<string>("name") { Description = "The jobset" };
        var json = JsonOption();
        var command = new Command("channel", "Print the output paths of the jobset's latest evaluation whose jobs all succeeded") { name, json };
        return Connected(command, async (parseResult, api, cancellationToken) =>
        {
            using var channel = await api.ChannelAsync(parseResult.GetRequiredValue(name), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Print(channel);
                return 0;
            }

            var view = channel.RootElement.Deserialize<ChannelView>(JobsetsApiClient.Json)!;
            if (view.Evaluation is null)
            {
                throw new InvalidOperationException($"jobset {view.Jobset} has no evaluation whose jobs all succeeded yet");
            }

            foreach (var path in view.Paths)
            {
                Console.WriteLine(path);
            }

            return 0;
        });
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print JSON" };

    internal static void Print(JsonDocument document) => Console.WriteLine(JsonSerializer.Serialize(document.RootElement, JobsetsApiClient.Json));

    /// <summary>Adds the connection flags and runs <paramref name="action"/> with an API client.</summary>
    internal static Command Connected(Command command, Func<ParseResult, JobsetsApiClient, CancellationToken, Task<int>> action)
    {
        var connection = new FarmConnection();
        connection.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            using var http = connection.CreateHttpClient(parseResult);
            return await action(parseResult, new JobsetsApiClient(http), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
