using System.Net;
using System.Net.Http.Json;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// Sends the command line's requests to one of several coordinators (all serve the same API and cache) and moves to
/// the next one when the current one is down (connection refused or timed out; only with several coordinators) or
/// answers 502/503/504 — what a client sees while the scheduler singleton moves after its coordinator died (the
/// CoordinatorLossTests integration test follows a run across it). After a full round without an answer it waits
/// (the server's <c>Retry-After</c>, else <see cref="RoundPause"/>) and goes round again, for up to <c>patience</c>.
/// Only requests that can be sent again are retried: no body, or a body serialized anew each time (JSON, bytes);
/// uploads of streamed NARs fail as before.
/// </summary>
internal sealed class CoordinatorFailover : DelegatingHandler
{
    /// <summary>The wait between rounds when no <c>Retry-After</c> was given.</summary>
    public static readonly TimeSpan RoundPause = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(10);
    private readonly IReadOnlyList<Uri> _coordinators;
    private readonly TimeSpan _patience;
    private int _current;

    public CoordinatorFailover(IReadOnlyList<Uri> coordinators, TimeSpan patience, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(coordinators);
        _coordinators = coordinators.Count > 0 ? coordinators : throw new ArgumentException("no coordinator given", nameof(coordinators));
        _patience = patience;
    }

    /// <summary>The coordinator requests go to now.</summary>
    public Uri Current => _coordinators[Volatile.Read(ref _current)];

    /// <summary>Whether an answer (or its absence) means "try another coordinator": not reached, or 502/503/504.</summary>
    public static bool IsUnavailable(HttpStatusCode? status) =>
        status is null or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Whether <paramref name="request"/> can be sent again as it is.</summary>
    public static bool IsReplayable(HttpRequestMessage request) =>
        request?.Content is null or JsonContent or ByteArrayContent;

    /// <summary><paramref name="uri"/> (resolved against the first coordinator) as sent to <paramref name="coordinator"/>.</summary>
    public static Uri Rebase(Uri uri, Uri first, Uri coordinator)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(coordinator);
        var text = uri.AbsoluteUri;
        return text.StartsWith(first.AbsoluteUri, StringComparison.Ordinal)
            ? new Uri(coordinator, text[first.AbsoluteUri.Length..])
            : uri;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var original = request.RequestUri ?? throw new InvalidOperationException("a request without a URI");
        var replayable = IsReplayable(request);
        var giveUpAt = DateTime.UtcNow + _patience;
        var tried = 0;
        while (true)
        {
            var index = Volatile.Read(ref _current);
            request.RequestUri = Rebase(original, _coordinators[0], _coordinators[index]);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!IsUnavailable(response.StatusCode) || !replayable || DateTime.UtcNow > giveUpAt)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (MayTryAnother(replayable, giveUpAt, cancellationToken))
            {
                // Not reached: the next coordinator.
            }
            catch (TaskCanceledException) when (MayTryAnother(replayable, giveUpAt, cancellationToken))
            {
                // The connection attempt timed out (an unreachable host): the next coordinator.
            }

            var pause = response?.Headers.RetryAfter?.Delta is { } delta ? Clamp(delta) : RoundPause;
            response?.Dispose();
            Interlocked.CompareExchange(ref _current, (index + 1) % _coordinators.Count, index);
            if (++tried % _coordinators.Count == 0)
            {
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A single coordinator that cannot be reached fails at once (no farm there, a typo); one of several is skipped.
    private bool MayTryAnother(bool replayable, DateTime giveUpAt, CancellationToken cancellationToken) =>
        _coordinators.Count > 1 && replayable && !cancellationToken.IsCancellationRequested && DateTime.UtcNow <= giveUpAt;

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxPause ? MaxPause : delay;
}
