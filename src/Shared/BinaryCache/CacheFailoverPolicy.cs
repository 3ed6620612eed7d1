namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// How a <see cref="BinaryCacheClient"/> with several cache URLs (replicas of one replicated cache) retries: a request
/// that cannot reach one replica (connection refused or reset, no answer, 502/503/504) goes to the next one; after a
/// round in which none answered, it waits <see cref="Backoff"/> (doubling each round) and tries them all again, at
/// most <see cref="Rounds"/> rounds. Only then is the cache unreachable.
/// </summary>
/// <param name="Rounds">Rounds over all the URLs, at least 1.</param>
/// <param name="Backoff">The wait after the first round in which no URL answered; doubles after each further one.</param>
public sealed record CacheFailoverPolicy(int Rounds, TimeSpan Backoff)
{
    /// <summary>One try, no wait: a client of a single cache URL, as <c>nix copy</c> is.</summary>
    public static CacheFailoverPolicy None { get; } = new(1, TimeSpan.Zero);

    /// <summary>The wait before round <paramref name="round"/> (0-based): none before the first, then Backoff, 2×Backoff, …</summary>
    public TimeSpan DelayBefore(int round) =>
        round <= 0 ? TimeSpan.Zero : Backoff * Math.Pow(2, Math.Min(round - 1, 16));

    /// <exception cref="ArgumentException">Fewer than one round, or a negative backoff.</exception>
    public void Validate()
    {
        if (Rounds < 1)
        {
            throw new ArgumentException($"cache failover needs at least one round, got {Rounds}");
        }

        if (Backoff < TimeSpan.Zero)
        {
            throw new ArgumentException($"cache failover backoff must not be negative, got {Backoff}");
        }
    }
}
