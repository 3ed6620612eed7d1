using System.CommandLine;
using System.Text.Json;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// <c>asterfarm submit</c>: uploads the roots' missing <c>.drv</c> files and input sources to the coordinator's cache,
/// submits the run, and follows it to the end (exit 1 if anything failed), or detaches with <c>--no-wait</c>.
/// </summary>
internal static class SubmitCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var connection = new FarmConnection();
        var inputs = new Argument<string[]>("drvs") { Description = ".drv paths, or files of nix-eval-jobs JSON lines (- for stdin)", Arity = ArgumentArity.OneOrMore };
        var priority = new Option<int>("--priority") { Description = "Submission priority: higher runs first among equal critical paths (default 0)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (the run id with --no-wait, else the final status)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the run id and exit once the run is accepted" };
        var rebuildFailed = new Option<bool>("--rebuild-failed") { Description = "Build derivations again even if they failed recently (ignore cached build failures)" };
        var storeDir = CommonOptions.StoreDir();
        var command = new Command("submit", "Upload derivations to the farm's cache and build them on the farm") { inputs, priority, json, noWait, rebuildFailed, storeDir };
        connection.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            var store = parseResult.GetStoreDir(storeDir);
            var roots = await SubmitInputs.ReadAsync(parseResult.GetRequiredValue(inputs), store, Console.In, Console.Error).ConfigureAwait(false);
            if (roots.Count == 0)
            {
                throw new ArgumentException("no derivations to submit");
            }

            using var http = connection.CreateHttpClient(parseResult);
            var quiet = parseResult.GetValue(json);
            var (uploaded, closure) = await new StoreUploader(new BinaryCacheClient(http, connection.Token(parseResult), store), store)
                .UploadClosureAsync(roots, cancellationToken).ConfigureAwait(false);
            if (!quiet)
            {
                await Console.Error.WriteLineAsync($"uploaded {uploaded} of {closure} paths of the closure to the cache").ConfigureAwait(false);
            }

            var api = new FarmApiClient(http);
            var submitted = await api.SubmitAsync(
                new RunSubmitRequest([.. roots.Select(store.Print)], parseResult.GetValue(priority), RebuildFailed: parseResult.GetValue(rebuildFailed)), cancellationToken).ConfigureAwait(false);
            if (!submitted.Accepted)
            {
                if (quiet)
                {
                    Console.WriteLine(JsonSerializer.Serialize(submitted, FarmApiClient.Json));
                }

                throw new InvalidOperationException($"run rejected: {submitted.Reason}: {string.Join("; ", submitted.Problems)}");
            }

            if (parseResult.GetValue(noWait))
            {
                Console.WriteLine(quiet ? JsonSerializer.Serialize(submitted, FarmApiClient.Json) : submitted.Run);
                return 0;
            }

            if (!quiet)
            {
                Console.WriteLine($"run {submitted.Run}: {submitted.Derivations} derivations, {submitted.AlreadyCached} already in the cache");
            }

            var final = await FollowAsync(api, submitted.Run, quiet ? null : new ProgressView(Console.Out, !Console.IsOutputRedirected), cancellationToken).ConfigureAwait(false);
            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(final, FarmApiClient.Json));
            }

            return final.State == "Succeeded" ? 0 : CliAction.Failed;
        });
        return command;
    }

    /// <summary>
    /// Polls the run's status until it ends, showing each on <paramref name="view"/>; the run's event stream wakes the
    /// poll as soon as the run ends, so the command returns without waiting out a poll interval.
    /// </summary>
    public static async Task<RunStatusView> FollowAsync(FarmApiClient api, string run, ProgressView? view, CancellationToken cancellationToken)
    {
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ended = api.EventStreamEndAsync(run, following.Token);
        try
        {
            while (true)
            {
                var status = await api.StatusAsync(run, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"the coordinator no longer knows run {run}");
                if (status.IsFinished)
                {
                    view?.Summary(status);
                    return status;
                }

                view?.Show(status);
                var interval = Task.Delay(PollInterval, cancellationToken);
                await (ended.IsCompleted ? interval : Task.WhenAny(ended, interval)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await following.CancelAsync().ConfigureAwait(false);
            await ended.ConfigureAwait(false);
        }
    }
}
