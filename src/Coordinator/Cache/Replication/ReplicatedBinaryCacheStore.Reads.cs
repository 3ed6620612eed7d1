using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Reads: local first, then the peers (replicas first), repairing replicas that miss a narinfo.</summary>
public sealed partial class ReplicatedBinaryCacheStore
{
    public async Task<Stream?> OpenNarInfoAsync(string hashPart, CancellationToken cancellationToken = default)
    {
        var stream = await _local.OpenNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false);
        if (stream is not null || IsFromPeer || !CacheEndpoints.IsHashPart(hashPart))
        {
            return stream;
        }

        var text = await FetchNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false);
        return text is null ? null : new MemoryStream(text, writable: false);
    }

    public Task<NarInfo?> GetNarInfoAsync(string hashPart, CancellationToken cancellationToken = default) =>
        NarInfoStreams.ReadAsync(OpenNarInfoAsync(hashPart, cancellationToken), _storeDir, hashPart);

    public async Task<bool> HasNarInfoAsync(string hashPart, CancellationToken cancellationToken = default) =>
        await _local.HasNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false)
        || (!IsFromPeer && CacheEndpoints.IsHashPart(hashPart) && await FetchNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false) is not null);

    /// <summary>The local NAR, else streamed from the first peer that holds it (never buffered whole).</summary>
    public async Task<Stream?> OpenNarAsync(NarFileName file, CancellationToken cancellationToken = default) =>
        await _local.OpenNarAsync(file, cancellationToken).ConfigureAwait(false)
        ?? (IsFromPeer ? null : await OpenFromPeersAsync(file.FileHash.ToBase32(), file.Url, cancellationToken).ConfigureAwait(false));

    public async Task<Stream?> OpenLogAsync(StorePath derivation, CancellationToken cancellationToken = default) =>
        await _local.OpenLogAsync(derivation, cancellationToken).ConfigureAwait(false)
        ?? (IsFromPeer ? null : await OpenFromPeersAsync(derivation.HashPart, "log/" + derivation.BaseName, cancellationToken).ConfigureAwait(false));

    public async Task<Stream?> OpenListingAsync(string hashPart, CancellationToken cancellationToken = default) =>
        await _local.OpenListingAsync(hashPart, cancellationToken).ConfigureAwait(false)
        ?? (IsFromPeer || !CacheEndpoints.IsHashPart(hashPart) ? null : await OpenFromPeersAsync(hashPart, hashPart + ".ls", cancellationToken).ConfigureAwait(false));

    /// <summary>Missing only if no member holds it (this node first, then one batched query per peer).</summary>
    public async Task<IReadOnlyList<StorePath>> QueryMissingAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken = default)
    {
        var missing = await _local.QueryMissingAsync(paths, cancellationToken).ConfigureAwait(false);
        if (IsFromPeer)
        {
            return missing;
        }

        foreach (var peer in _placement.Ring.Members.Where(m => m.Id != _placement.Self.Id))
        {
            if (missing.Count == 0)
            {
                break;
            }

            var theirs = await _client.GetMissingAsync(peer, [.. missing.Select(p => p.HashPart)], cancellationToken).ConfigureAwait(false);
            if (theirs is not null)
            {
                var absent = new HashSet<string>(theirs, StringComparer.Ordinal);
                missing = [.. missing.Where(p => absent.Contains(p.HashPart))];
            }
        }

        return missing;
    }

    // Asks the replicas (in parallel), then the other members; queues repairs of the replicas that lacked it.
    private async Task<byte[]?> FetchNarInfoAsync(string hashPart, CancellationToken cancellationToken)
    {
        var replicas = _placement.ReplicasOf(hashPart);
        var peers = _placement.PeersByPreference(hashPart);
        var first = peers.Where(p => replicas.Any(r => r.Id == p.Id)).ToList();
        var rest = peers.Where(p => first.All(r => r.Id != p.Id)).ToList();
        var lacking = new List<CacheMember>();
        foreach (var group in new[] { first, rest })
        {
            var answers = await Task.WhenAll(group.Select(async peer => (Peer: peer, Text: await _client.GetNarInfoAsync(peer, hashPart, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            lacking.AddRange(answers.Where(a => a.Text is null).Select(a => a.Peer));
            var found = answers.FirstOrDefault(a => a.Text is not null);
            if (found.Text is not null)
            {
                foreach (var target in replicas.Where(r => r.Id == _placement.Self.Id || lacking.Any(l => l.Id == r.Id)))
                {
                    _repairs.Enqueue(new RepairJob(hashPart, found.Peer, target, "read repair"));
                }

                return found.Text;
            }
        }

        return null;
    }

    private async Task<Stream?> OpenFromPeersAsync(string placementKey, string relativeUrl, CancellationToken cancellationToken)
    {
        foreach (var peer in _placement.PeersByPreference(placementKey))
        {
            var stream = await _client.OpenAsync(peer, relativeUrl, cancellationToken).ConfigureAwait(false);
            if (stream is not null)
            {
                return stream;
            }
        }

        return null;
    }
}
