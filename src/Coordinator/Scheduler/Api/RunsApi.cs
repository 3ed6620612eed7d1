using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>
/// The run API: submit, status, list, cancel, events (server-sent) and logs. Each route asks the scheduler singleton
/// through its proxy with a timeout; an unreachable scheduler is a 503.
/// </summary>
internal static class RunsApi
{
    public const string RunsPath = "/api/v1/runs";
    public const string LogsPath = "/api/v1/logs";

    /// <summary>Largest submission body: some 100,000 roots.</summary>
    public const long MaxSubmitBytes = 16L << 20;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        // The body is read by the handler (not bound by the framework): a wrong content type is a 415 and bad JSON a 400
        // naming what is wrong, rather than a route that does not match (404) or an exception (500).
        var writes = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.WriteWhenConfigured);
        writes.MapPost(RunsPath, Submit).WithRequestBodyLimit(MaxSubmitBytes);
        endpoints.MapGet(RunsPath, List);
        endpoints.MapGet(RunsPath + "/{id}", Status);
        writes.MapPost(RunsPath + "/{id}/cancel", Cancel);
        endpoints.MapGet(RunsPath + "/{id}/events", RunEventStream.Stream);
        endpoints.MapGet(LogsPath + "/{**drv}", Log);
        return endpoints;
    }

    internal static bool TryParseRun(string text, out RunId run)
    {
        run = default;
        if (!Guid.TryParse(text, out var guid))
        {
            return false;
        }

        run = new RunId(guid);
        return true;
    }

    internal static StoreDir StoreDirOf(CacheOptions? cache) => new(cache?.StoreDir ?? StoreDir.DefaultPath);

    private static async Task<IResult> Submit(
        HttpContext context, IRequiredActor<SchedulerActorKey> scheduler, FarmOptions options, CacheOptions cache)
    {
        var (request, problem) = await RunSubmitReader.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var storeDir = StoreDirOf(cache);
        var roots = new List<StorePath>();
        for (var i = 0; i < request!.Roots.Count; i++)
        {
            var root = request.Roots[i];
            if (root is null)
            {
                return Results.Problem($"roots[{i}] is null: each root is a store path string", statusCode: StatusCodes.Status400BadRequest);
            }

            if (!storeDir.TryParse(root, out var path, out var error))
            {
                return Results.Problem($"roots[{i}] '{root}' is not a store path: {error}", statusCode: StatusCodes.Status400BadRequest);
            }

            roots.Add(path);
        }

        if (roots.Count == 0)
        {
            return Results.Problem("no roots given", statusCode: StatusCodes.Status400BadRequest);
        }

        var run = RunId.New();
        var batches = roots.Distinct().Chunk(ProtocolLimits.MaxPathsPerMessage).ToList();
        var proxy = await scheduler.GetAsync(context.RequestAborted).ConfigureAwait(false);
        var submit = new SubmitRun(
            run, ValueList.From(batches[0]), request.Priority, new RunOptions(request.RebuildFailed, request.KeepGoing), batches.Count, TraceContext.Current);
        var answer = proxy.Ask<IAsterFarmMessage>(submit, options.SubmitTimeout, context.RequestAborted);
        for (var i = 1; i < batches.Count; i++)
        {
            proxy.Tell(new AddRunRoots(run, i + 1, ValueList.From(batches[i])));
        }

        return await Answer(answer, reply => reply switch
        {
            RunAccepted accepted => Results.Json(new RunSubmitResponse(run.ToString(), true, accepted.Derivations, accepted.AlreadyCached, null, [])),
            RunRejected rejected => Results.Json(
                new RunSubmitResponse(run.ToString(), false, 0, 0, rejected.Reason, [.. rejected.Problems]), statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => Results.Problem($"unexpected reply {reply.GetType().Name}"),
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> Status(string id, HttpContext context, IRequiredActor<SchedulerActorKey> scheduler, FarmOptions options, TimeProvider time, CacheOptions cache)
    {
        if (!TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var proxy = await scheduler.GetAsync(context.RequestAborted).ConfigureAwait(false);
        return await Answer(
            proxy.Ask<RunStatus>(new GetRunStatus(run), options.AskTimeout, context.RequestAborted),
            status => status.State == RunState.Unknown
                ? Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound)
                : Results.Json(ApiViews.Of(status, StoreDirOf(cache), time.GetUtcNow().UtcDateTime))).ConfigureAwait(false);
    }

    private static async Task<IResult> List(HttpContext context, IRequiredActor<SchedulerActorKey> scheduler, FarmOptions options, TimeProvider time, CacheOptions cache)
    {
        var proxy = await scheduler.GetAsync(context.RequestAborted).ConfigureAwait(false);
        return await Answer(
            proxy.Ask<RunList>(new ListRuns(ListRuns.MaxRuns), options.AskTimeout, context.RequestAborted),
            list => Results.Json(list.Runs.Select(status => ApiViews.Of(status, StoreDirOf(cache), time.GetUtcNow().UtcDateTime)).ToList())).ConfigureAwait(false);
    }

    private static async Task<IResult> Cancel(string id, HttpContext context, IRequiredActor<SchedulerActorKey> scheduler, FarmOptions options, TimeProvider time, CacheOptions cache)
    {
        if (!TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var proxy = await scheduler.GetAsync(context.RequestAborted).ConfigureAwait(false);
        return await Answer(
            proxy.Ask<RunStatus>(new CancelRun(run, "cancelled through the API"), options.AskTimeout, context.RequestAborted),
            status => status.State == RunState.Unknown
                ? Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound)
                : Results.Json(ApiViews.Of(status, StoreDirOf(cache), time.GetUtcNow().UtcDateTime))).ConfigureAwait(false);
    }

    // The cache on this node serves build logs; the API path is a stable alias that takes a full path or a base name.
    private static IResult Log(string drv)
    {
        var baseName = drv[(drv.LastIndexOf('/') + 1)..];
        return StorePath.TryParse(baseName, out var path, out var error)
            ? Results.Redirect("/log/" + path.BaseName)
            : Results.Problem($"'{drv}' is not a derivation path: {error}", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> Answer<T>(Task<T> ask, Func<T, IResult> toResult)
    {
        try
        {
            return toResult(await ask.ConfigureAwait(false));
        }
        catch (AskTimeoutException)
        {
            return new SchedulerUnavailable();
        }
    }
}
