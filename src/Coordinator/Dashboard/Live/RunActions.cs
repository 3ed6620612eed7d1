using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard.Live;

/// <summary>
/// The run page's actions, behind <see cref="Api.Access.TokenRule.DashboardAction"/>: cancel the run, and rebuild its failures (a new run
/// whose roots are the failed derivations and those that failed because of them, with <c>rebuildFailed</c>).
/// </summary>
internal static class RunActions
{
    /// <summary>The most derivations one rebuild submits (a run with more failures is rebuilt in parts).</summary>
    public const int MaxRebuildRoots = 10_000;

    public static async Task<IResult> Cancel(string id, HttpContext context, SchedulerQuery scheduler)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var status = await scheduler.AskAsync<RunStatus>(new CancelRun(run, "cancelled from the dashboard"), context.RequestAborted).ConfigureAwait(false);
        return status switch
        {
            null => new SchedulerUnavailable(),
            { State: RunState.Unknown } => Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound),
            _ => Results.Json(new { run = id, state = status.State.ToString() }),
        };
    }

    public static async Task<IResult> RebuildFailed(string id, HttpContext context, SchedulerQuery scheduler)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var roots = new List<Shared.Store.StorePath>();
        var failedStates = ValueList.Create<BuildState>([BuildState.Failed, BuildState.DependencyFailed]);
        while (roots.Count < MaxRebuildRoots)
        {
            var page = await scheduler.AskAsync<RunPage>(new GetRunPage(run, failedStates, null, roots.Count, GetRunPage.MaxLimit), context.RequestAborted).ConfigureAwait(false);
            if (page is null)
            {
                return new SchedulerUnavailable();
            }

            roots.AddRange(page.Entries.Select(entry => entry.DrvPath));
            if (page.Entries.Count == 0 || roots.Count >= page.Matching)
            {
                break;
            }
        }

        if (roots.Count == 0)
        {
            return Results.Problem("the run has no failed derivations to rebuild", statusCode: StatusCodes.Status409Conflict);
        }

        var rebuild = RunId.New();
        var batches = roots.Chunk(ProtocolLimits.MaxPathsPerMessage).ToList();
        var submit = new SubmitRun(rebuild, ValueList.From(batches[0]), 0, new RunOptions(RebuildFailed: true, KeepGoing: true), batches.Count, TraceContext.Current);
        var more = batches.Skip(1).Select((batch, i) => (object)new AddRunRoots(rebuild, i + 2, ValueList.From(batch)));
        return await scheduler.AskThenTellAsync<IAsterFarmMessage>(submit, more, context.RequestAborted).ConfigureAwait(false) switch
        {
            null => new SchedulerUnavailable(),
            RunAccepted accepted => Results.Json(new { run = rebuild.ToString(), derivations = accepted.Derivations, roots = roots.Count }),
            RunRejected rejected => Results.Problem($"the rebuild was rejected: {rejected.Reason}", statusCode: StatusCodes.Status422UnprocessableEntity),
            var other => Results.Problem($"unexpected reply {other.GetType().Name}"),
        };
    }
}
