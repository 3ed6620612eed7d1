using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Jobsets.Api;

/// <summary>
/// The jobsets API: define, list, show, evaluate and remove jobsets, show evaluations, their diff and the channel.
/// Reads are open as the run API's are; changes need the farm's token. Each route asks the jobsets singleton through its
/// proxy with the farm's ask timeout; an unreachable singleton is a 503.
/// </summary>
internal static class JobsetsApi
{
    public const string JobsetsPath = "/api/v1/jobsets";

    public static IEndpointRouteBuilder MapJobsetsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(JobsetsPath, List);
        var writes = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.WriteWhenConfigured);
        writes.MapPut(JobsetsPath + "/{name}", Save);
        endpoints.MapGet(JobsetsPath + "/{name}", Show);
        writes.MapDelete(JobsetsPath + "/{name}", Remove);
        writes.MapPost(JobsetsPath + "/{name}/evaluations", Evaluate);
        endpoints.MapGet(JobsetsPath + "/{name}/evaluations/{number}", Evaluation);
        endpoints.MapGet(JobsetsPath + "/{name}/diff", Diff);
        endpoints.MapGet(JobsetsPath + "/{name}/channel", Channel);
        return endpoints;
    }

    private static Task<IResult> List(HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        Ask<JobsetList>(context, jobsets, options, new ListJobsets(), list => Json(list.Jobsets));

    private static async Task<IResult> Save(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options)
    {
        JobsetRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<JobsetRequest>(context.Request.Body, WebhookPoster.Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return Results.Problem($"the body is not a jobset definition: {error.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (request?.Expression is null)
        {
            return Results.Problem("the body needs at least \"expression\": the path of the jobset's Nix expression on the coordinators", statusCode: StatusCodes.Status400BadRequest);
        }

        return await Ask<JobsetSaveResult>(context, jobsets, options, new SaveJobset(request.ToDefinition(name)), saved => saved.Saved
            ? Results.NoContent()
            : Results.Problem($"jobset '{name}' is not valid: {string.Join("; ", saved.Problems)}", statusCode: StatusCodes.Status400BadRequest)).ConfigureAwait(false);
    }

    private static Task<IResult> Show(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        Ask<JobsetDetails>(context, jobsets, options, new GetJobset(name), details => details.Jobset is null ? NoJobset(name) : Json(details));

    private static Task<IResult> Remove(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        Ask<JobsetRemoveResult>(context, jobsets, options, new RemoveJobset(name), removed => removed.Removed ? Results.NoContent() : NoJobset(name));

    private static Task<IResult> Evaluate(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        Ask<EvaluationAccepted>(context, jobsets, options, new EvaluateJobset(name), accepted => accepted.Known
            ? Results.Json(new { jobset = name, evaluation = accepted.Number }, WebhookPoster.Json, statusCode: StatusCodes.Status202Accepted)
            : NoJobset(name));

    private static Task<IResult> Evaluation(string name, string number, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options)
    {
        if (!TryParseNumber(number, out var parsed))
        {
            return Task.FromResult(Results.Problem($"'{number}' is not an evaluation number (or 'latest')", statusCode: StatusCodes.Status400BadRequest));
        }

        return Ask<EvaluationFound>(context, jobsets, options, new GetEvaluation(name, parsed), found => found.Evaluation is null
            ? Results.Problem($"jobset '{name}' has no evaluation {number}", statusCode: StatusCodes.Status404NotFound)
            : Json(found.Evaluation));
    }

    private static Task<IResult> Diff(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options)
    {
        var query = context.Request.Query;
        if (!TryParseNumber(query["from"].ToString(), out var from) || !TryParseNumber(query["to"].ToString(), out var to))
        {
            return Task.FromResult(Results.Problem("from and to are evaluation numbers (or 'latest'; default: latest vs the one before)", statusCode: StatusCodes.Status400BadRequest));
        }

        return Ask<DiffFound>(context, jobsets, options, new GetDiff(name, from, to), found => found.Diff is null
            ? Results.Problem(found.Problem, statusCode: StatusCodes.Status404NotFound)
            : Json(new { summary = found.Diff.Summary(), diff = found.Diff }));
    }

    private static Task<IResult> Channel(string name, HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        Ask<ChannelFound>(context, jobsets, options, new GetChannel(name), found => found.Known ? Json(new ChannelView(name, found.Number, found.Paths)) : NoJobset(name));

    private static bool TryParseNumber(string text, out int number)
    {
        number = 0;
        return string.IsNullOrEmpty(text) || text == "latest" || (int.TryParse(text, out number) && number > 0);
    }

    private static IResult NoJobset(string name) => Results.Problem($"no jobset '{name}'", statusCode: StatusCodes.Status404NotFound);

    private static IResult Json<T>(T value) => Results.Json(value, WebhookPoster.Json);

    /// <summary>Asks the jobsets singleton through its proxy with the farm's ask timeout; no answer in time is a 503.</summary>
    internal static async Task<IResult> Ask<T>(HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options, object question, Func<T, IResult> toResult)
    {
        var proxy = await jobsets.GetAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            return toResult(await proxy.Ask<T>(question, options.AskTimeout, context.RequestAborted).ConfigureAwait(false));
        }
        catch (AskTimeoutException)
        {
            return new SchedulerUnavailable();
        }
    }
}
