using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// One anti-entropy round of this node: with each peer, compare the digests of the ranges both replicate, list the
/// ranges that differ, and push what the peer misses (push only: the peer's own round pushes what this node misses).
/// Paths held here for other replicas are offered to them with one missing-query per peer. Only digests and hash
/// parts are exchanged; bytes move by <see cref="ReplicaCopier"/>.
/// </summary>
public sealed class AntiEntropyRound(FileBinaryCacheStore local, CachePlacement placement, ReplicaClient client, ReplicaCopier copier, ReplicationOptions options, ILogger<AntiEntropyRound> logger)
{
    private readonly int _prefixLength = KeyRanges.PrefixLength(options.RangeCount);

    /// <summary>Runs one round; answers how many paths were copied.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var ring = placement.Ring;
        var self = placement.Self;
        var held = await HeldAsync(cancellationToken).ConfigureAwait(false);
        var handoffs = AntiEntropyScope.Handoffs(ring, options.Replicas, self, held);
        var copied = 0;
        foreach (var peer in ring.Members.Where(m => m.Id != self.Id))
        {
            var missing = await MissingOnPeerAsync(ring, peer, held, cancellationToken).ConfigureAwait(false);
            if (handoffs.TryGetValue(peer.Id, out var offered))
            {
                missing.AddRange(await client.GetMissingAsync(peer, [.. offered], cancellationToken).ConfigureAwait(false) ?? []);
            }

            copied += await CopyAsync(missing, peer, cancellationToken).ConfigureAwait(false);
        }

        return copied;
    }

    /// <summary>Digests of the ranges this node and <paramref name="peer"/> both replicate (what a peer asks for).</summary>
    public async Task<IReadOnlyDictionary<string, RangeDigest>> DigestsForAsync(CacheMember peer, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(cancellationToken).ConfigureAwait(false);
        return RangeDigests.Compute(AntiEntropyScope.Shared(placement.Ring, options.Replicas, placement.Self, peer, held), _prefixLength);
    }

    /// <summary>The hash parts in a range that this node and <paramref name="peer"/> both replicate, sorted.</summary>
    public async Task<IReadOnlyList<string>> RangeForAsync(CacheMember peer, string prefix, CancellationToken cancellationToken)
    {
        var held = (await HeldAsync(cancellationToken).ConfigureAwait(false)).Where(h => h.StartsWith(prefix, StringComparison.Ordinal));
        return [.. AntiEntropyScope.Shared(placement.Ring, options.Replicas, placement.Self, peer, held).Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> MissingOnPeerAsync(HashRing ring, CacheMember peer, IReadOnlyList<string> held, CancellationToken cancellationToken)
    {
        var shared = AntiEntropyScope.Shared(ring, options.Replicas, placement.Self, peer, held);
        var mine = RangeDigests.Compute(shared, _prefixLength);
        var theirs = await client.GetDigestsAsync(peer, placement.Self, cancellationToken).ConfigureAwait(false);
        if (theirs is null)
        {
            return [];
        }

        var differing = RangeDigests.Differing(mine, theirs);
        var missing = new List<string>();
        foreach (var prefix in differing.Where(mine.ContainsKey))
        {
            var listed = await client.GetRangeAsync(peer, prefix, placement.Self, cancellationToken).ConfigureAwait(false);
            if (listed is not null)
            {
                missing.AddRange(RangeDigests.MissingIn(shared, listed, prefix));
            }
        }

        ReplicationLog.AntiEntropyPeer(logger, peer.Id, differing.Count, missing.Count);
        return missing;
    }

    private async Task<int> CopyAsync(IReadOnlyList<string> hashParts, CacheMember peer, CancellationToken cancellationToken)
    {
        var copied = 0;
        await Parallel.ForEachAsync(
            hashParts.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = options.RepairConcurrency, CancellationToken = cancellationToken },
            async (hashPart, token) =>
            {
                var outcome = await copier.CopyAsync(hashPart, placement.Self, peer, "anti-entropy", token).ConfigureAwait(false);
                if (outcome.IsDurable)
                {
                    Interlocked.Increment(ref copied);
                }
            }).ConfigureAwait(false);
        return copied;
    }

    private async Task<IReadOnlyList<string>> HeldAsync(CancellationToken cancellationToken)
    {
        var held = new List<string>();
        await foreach (var hashPart in local.EnumerateHashPartsAsync(cancellationToken).ConfigureAwait(false))
        {
            held.Add(hashPart);
        }

        return held;
    }
}
