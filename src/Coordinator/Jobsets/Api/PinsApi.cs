using System.Text.Json;
using Akka.Hosting;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Jobsets.Api;

/// <summary>Pinned store paths: garbage-collection roots of the cache until unpinned (kept by the jobsets singleton).</summary>
internal static class PinsApi
{
    public const string PinsPath = "/api/v1/pins";

    public static IEndpointRouteBuilder MapPinsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PinsPath, List);
        var writes = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.WriteWhenConfigured);
        writes.MapPost(PinsPath, (HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options, CacheOptions cache) =>
            Change(context, jobsets, options, cache, pin: true));
        writes.MapPost(PinsPath + "/remove", (HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options, CacheOptions cache) =>
            Change(context, jobsets, options, cache, pin: false));
        return endpoints;
    }

    private static Task<IResult> List(HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options) =>
        JobsetsApi.Ask<PinsFound>(context, jobsets, options, new ListPins(), pins => Results.Json(new PinsRequest(pins.Paths), WebhookPoster.Json));

    private static async Task<IResult> Change(HttpContext context, IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options, CacheOptions cache, bool pin)
    {
        PinsRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<PinsRequest>(context.Request.Body, WebhookPoster.Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return Results.Problem($"the body is not {{\"paths\": [...]}}: {error.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        var storeDir = new StoreDir(cache.StoreDir);
        var paths = new List<string>();
        foreach (var (text, i) in (request?.Paths ?? []).Select((text, i) => (text, i)))
        {
            if (text is null)
            {
                return Results.Problem($"paths[{i}] is null: each path is a store path string", statusCode: StatusCodes.Status400BadRequest);
            }

            if (!storeDir.TryParse(text, out var path, out var error))
            {
                return Results.Problem($"paths[{i}] '{text}' is not a store path: {error}", statusCode: StatusCodes.Status400BadRequest);
            }

            paths.Add(storeDir.Print(path));
        }

        if (paths.Count == 0)
        {
            return Results.Problem("no paths given", statusCode: StatusCodes.Status400BadRequest);
        }

        return await JobsetsApi.Ask<PinsFound>(context, jobsets, options, new ChangePins([.. paths], pin), pins => Results.Json(new PinsRequest(pins.Paths), WebhookPoster.Json))
            .ConfigureAwait(false);
    }
}
