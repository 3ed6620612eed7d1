using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Akka.Actor;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard.Live;

/// <summary>
/// <c>drv/{name}/log-events</c>: a running build's log as server-sent events (<c>log</c> with text), read from the
/// builder that runs it (its <c>/user/build-logs</c> actor, asked with a timeout), then <c>end</c> when the build is
/// over, after which the page shows the whole log from the cache. One viewer costs one ask per
/// <see cref="IdleWait"/> while its build is silent, whatever the farm's size.
/// </summary>
internal static class BuildLogStream
{
    /// <summary>How long to wait before asking a silent build again.</summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(500);

    public static async Task<IResult> Stream(string name, HttpContext context, ActorSystem system, SchedulerQuery scheduler, TimeProvider time)
    {
        if (!StorePath.TryParse(name, out var drv, out var error))
        {
            return Results.Problem($"'{name}' is not a derivation's file name: {error}", statusCode: StatusCodes.Status400BadRequest);
        }

        var builders = await scheduler.AskAsync<BuilderList>(new ListBuilders(ListBuilders.MaxBuilders), context.RequestAborted).ConfigureAwait(false);
        var builder = builders?.Builders.FirstOrDefault(b => b.Running.Any(r => r.DrvPath == drv));
        return TypedResults.ServerSentEvents(Events(system, builder?.Address, drv, scheduler.Timeout, time, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        ActorSystem system, string? address, StorePath drv, TimeSpan timeout, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (address is null)
        {
            yield return new SseItem<string>("not running", "end");
            yield break;
        }

        var logs = system.ActorSelection($"{address}/user/{GetBuildLog.ActorName}");
        var decoder = Encoding.UTF8.GetDecoder();
        long offset = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            BuildLogChunk? chunk;
            try
            {
                chunk = await logs.Ask<BuildLogChunk>(new GetBuildLog(drv, offset), timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                chunk = null;
            }

            if (chunk is null)
            {
                yield return new SseItem<string>("the builder did not answer", "end");
                yield break;
            }

            if (chunk.Offset > offset)
            {
                yield return new SseItem<string>($"[… {chunk.Offset - offset} bytes the builder no longer holds …]\n", "log");
            }

            if (chunk.Data.Length > 0)
            {
                var chars = new char[decoder.GetCharCount(chunk.Data, flush: false)];
                decoder.GetChars(chunk.Data, chars, flush: false);
                offset = chunk.Offset + chunk.Data.Length;
                yield return new SseItem<string>(new string(chars), "log");
                if (chunk.Data.Length == BuildLogChunk.MaxBytes)
                {
                    continue;
                }
            }

            if (!chunk.Running)
            {
                yield return new SseItem<string>("finished", "end");
                yield break;
            }

            await Task.Delay(IdleWait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
