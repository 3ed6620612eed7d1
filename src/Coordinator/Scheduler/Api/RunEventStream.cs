using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>
/// <c>GET /api/v1/runs/{id}/events</c>: server-sent events of a run. First a <c>status</c> event (the run as it is),
/// then a <c>build</c> event per derivation state change (its id is the run's sequence number), and a last
/// <c>status</c> when the run ends, after which the stream closes. A short-lived local actor subscribes to the
/// scheduler; it stops when the client goes away, which ends the subscription (the scheduler watches it).
/// </summary>
internal static class RunEventStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IResult> Stream(
        string id, HttpContext context, ActorSystem system, IRequiredActor<SchedulerActorKey> scheduler, TimeProvider time, CacheOptions cache)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var proxy = await scheduler.GetAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.ServerSentEvents(Events(system, proxy, run, time, RunsApi.StoreDirOf(cache), context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        ActorSystem system, IActorRef scheduler, Shared.Protocol.RunId run, TimeProvider time, StoreDir storeDir,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var follower = system.ActorOf(Props.Create(() => new ChannelWriterActor(channel.Writer)));
        try
        {
            scheduler.Tell(new SubscribeRun(run), follower);
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (message is RunStatus status)
                {
                    var view = ApiViews.Of(status, storeDir, now);
                    yield return new SseItem<string>(JsonSerializer.Serialize(view, Json), "status");
                    if (view.IsFinished)
                    {
                        yield break;
                    }
                }
                else if (message is RunBuildEvent change)
                {
                    yield return new SseItem<string>(JsonSerializer.Serialize(ApiViews.Of(change.Build, storeDir, now), Json), "build")
                    {
                        EventId = change.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                }
            }
        }
        finally
        {
            follower.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>Hands every message it receives to the HTTP response's loop.</summary>
    private sealed class ChannelWriterActor : ReceiveActor
    {
        public ChannelWriterActor(ChannelWriter<object> writer) => ReceiveAny(message => writer.TryWrite(message));
    }
}
