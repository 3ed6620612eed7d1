using System.Runtime.ExceptionServices;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// The cache URLs a <see cref="BinaryCacheClient"/> may use and the one it prefers: it stays on a URL while that one
/// answers and moves on to the next when it does not (so a dead replica costs one failed connection, not one per
/// request), trying every URL in a round and the rounds with backoff as <see cref="CacheFailoverPolicy"/> says.
/// An answer — a 404, a refused upload — is final; only "could not talk to it" moves on.
/// </summary>
internal sealed class CacheFailover
{
    private readonly IReadOnlyList<Uri?> _roots;
    private readonly CacheFailoverPolicy _policy;
    private readonly TimeProvider _time;
    private int _preferred;

    /// <param name="roots">Cache roots (ending in '/'); null stands for the <see cref="HttpClient.BaseAddress"/>.</param>
    /// <param name="policy">Rounds and backoff.</param>
    /// <param name="time">Clock of the backoff.</param>
    public CacheFailover(IReadOnlyList<Uri?> roots, CacheFailoverPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(policy);
        if (roots.Count == 0)
        {
            throw new ArgumentException("at least one cache URL is needed", nameof(roots));
        }

        policy.Validate();
        _roots = roots;
        _policy = policy;
        _time = time;
    }

    /// <summary>The URL requests go to first now.</summary>
    public Uri? Preferred => _roots[Volatile.Read(ref _preferred)];

    /// <summary>
    /// Runs <paramref name="attempt"/> against the preferred URL, then the others, round after round, until one gives
    /// an answer that is not <paramref name="unavailable"/>. When none does, the last unavailable answer is returned
    /// (a 503 refusal stays a refusal), or, if the last try threw, an <see cref="HttpRequestException"/> naming every
    /// URL's failure (with a single try: that try's own exception).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Uri?, Task<T>> attempt, Func<T, bool> unavailable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(unavailable);
        var failures = new List<string>();
        Exception? lastError = null;
        var held = default(T);
        var holding = false;
        for (var round = 0; round < _policy.Rounds; round++)
        {
            var delay = _policy.DelayBefore(round);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            failures.Clear();
            var start = Volatile.Read(ref _preferred);
            for (var i = 0; i < _roots.Count; i++)
            {
                var index = (start + i) % _roots.Count;
                var root = _roots[index];
                T result;
                try
                {
                    result = await attempt(root).ConfigureAwait(false);
                }
                catch (Exception error) when (IsUnreachable(error, cancellationToken))
                {
                    lastError = error;
                    failures.Add($"{root}: {error.Message}");
                    MoveOn(index);
                    continue;
                }

                if (!unavailable(result))
                {
                    Release(holding, held);
                    return result;
                }

                Release(holding, held);
                (held, holding, lastError) = (result, true, null);
                failures.Add($"{root}: unavailable");
                MoveOn(index);
            }
        }

        if (lastError is null)
        {
            return held!;
        }

        Release(holding, held);
        if (_policy.Rounds * _roots.Count == 1)
        {
            ExceptionDispatchInfo.Capture(lastError).Throw();
        }

        throw new HttpRequestException(
            $"no cache answered in {_policy.Rounds} round(s) over {_roots.Count} URL(s); last round: {string.Join("; ", failures)}", lastError);
    }

    // A transport failure, or HttpClient's own timeout (the caller's token did not fire); anything else is a bug or an answer.
    private static bool IsUnreachable(Exception error, CancellationToken cancellationToken) =>
        error is HttpRequestException or IOException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static void Release<T>(bool holding, T? value)
    {
        if (holding && value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    // Only the request that found the preferred URL failing moves the preference, so concurrent failures move it once.
    private void MoveOn(int failed) => Interlocked.CompareExchange(ref _preferred, (failed + 1) % _roots.Count, failed);
}
