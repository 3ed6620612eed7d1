using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// The cache as a client sees it on any node of a replicated cache: writes reach the path's R replicas and are
/// acknowledged at W; reads are served from any node, fetched from a replica when this node lacks the path (and the
/// replicas that miss it repaired). Requests from peers (<see cref="ReplicationConstants.LocalOnlyHeader"/>) touch
/// only the local <see cref="FileBinaryCacheStore"/>.
/// </summary>
public sealed partial class ReplicatedBinaryCacheStore : IBinaryCacheStore, ILocalNarFiles
{
    private readonly FileBinaryCacheStore _local;
    private readonly CachePlacement _placement;
    private readonly ReplicaClient _client;
    private readonly ReplicaCopier _copier;
    private readonly ReadRepairs _repairs;
    private readonly IHttpContextAccessor _http;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly StoreDir _storeDir;

    public ReplicatedBinaryCacheStore(
        FileBinaryCacheStore local,
        CachePlacement placement,
        ReplicaClient client,
        ReplicaCopier copier,
        ReadRepairs repairs,
        IHttpContextAccessor http,
        IHostApplicationLifetime lifetime,
        ILogger<ReplicatedBinaryCacheStore> logger)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(lifetime);
        _local = local;
        _placement = placement;
        _client = client;
        _copier = copier;
        _repairs = repairs;
        _http = http;
        _stopping = lifetime.ApplicationStopping;
        _logger = logger;
        _storeDir = new StoreDir(local.CacheInfo.StoreDir);
    }

    public NixCacheInfo CacheInfo => _local.CacheInfo;

    public NixPublicKey PublicKey => _local.PublicKey;

    /// <summary>
    /// Stores the narinfo here (verifying and signing it; its NAR must have been uploaded here), then forwards NAR and
    /// narinfo to the path's other replicas. Stored once W replicas hold it durably; otherwise refused as
    /// <see cref="CacheRefusalKind.Unavailable"/> (HTTP 503) while the copies still running go on.
    /// </summary>
    public async Task<CacheWriteResult<NarInfo>> PutNarInfoAsync(string hashPart, NarInfo narInfo, CancellationToken cancellationToken = default)
    {
        if (!IsFromPeer && !_placement.AcceptsWrites)
        {
            return CacheWriteResult.Refused<NarInfo>(
                CacheRefusalKind.Unavailable,
                $"{hashPart}.narinfo: this cache node has not joined the cluster yet, so it cannot tell which replicas must hold it; not acknowledged, retry later");
        }

        var stored = await _local.PutNarInfoAsync(hashPart, narInfo, cancellationToken).ConfigureAwait(false);
        if (!stored.IsStored && stored.Refusal.Kind == CacheRefusalKind.MissingNar && !IsFromPeer
            && await FetchNarAsync(narInfo, cancellationToken).ConfigureAwait(false))
        {
            // Behind a load balancer the NAR's PUT may have reached another node.
            stored = await _local.PutNarInfoAsync(hashPart, narInfo, cancellationToken).ConfigureAwait(false);
        }

        if (!stored.IsStored || IsFromPeer)
        {
            return stored;
        }

        var signed = stored.Value;
        var text = NarInfoWriter.PrintUtf8(signed, _storeDir);
        if (!NarFileName.TryParseUrl(signed.Url, out var file, out var error))
        {
            return CacheWriteResult.Refused<NarInfo>(CacheRefusalKind.Invalid, error);
        }

        var replicas = _placement.ReplicasOf(hashPart);
        var required = _placement.WriteQuorum;

        // Copies use the node's lifetime, not the request's: an acknowledged write still reaches all R replicas.
        var writes = replicas
            .Select(member => member.Id == _placement.Self.Id
                ? Task.FromResult(ReplicaWrite.Durable(member))
                : _copier.PushAsync(hashPart, text, file, member, _stopping))
            .ToList();
        var finished = await WriteQuorum.AwaitAsync(writes, required, cancellationToken).ConfigureAwait(false);
        if (WriteQuorum.IsMet(finished, required))
        {
            return stored;
        }

        var durable = finished.Count(w => w.IsDurable);
        ReplicationLog.QuorumMissed(_logger, hashPart, durable, required, string.Join("; ", finished));
        return CacheWriteResult.Refused<NarInfo>(
            CacheRefusalKind.Unavailable,
            $"{hashPart}.narinfo reached {durable} of the {required} replicas needed ({string.Join("; ", finished.Where(w => !w.IsDurable))}); not acknowledged, retry later");
    }

    /// <summary>Stores the NAR here: its store path (so its replicas) is known only when its narinfo arrives, which forwards it.</summary>
    public Task<CacheWriteResult<StoredNar>> PutNarAsync(NarFileName file, Stream content, CancellationToken cancellationToken = default) =>
        _local.PutNarAsync(file, content, cancellationToken);

    public Task<StoredNar?> GetStoredNarAsync(NarFileName file, CancellationToken cancellationToken = default) =>
        _local.GetStoredNarAsync(file, cancellationToken);

    /// <summary>Stored on this node only; reads on other nodes find it here.</summary>
    public Task<CacheWriteResult<StorePathLog>> PutLogAsync(StorePath derivation, Stream content, CancellationToken cancellationToken = default) =>
        _local.PutLogAsync(derivation, content, cancellationToken);

    /// <summary>Stored on this node only; reads on other nodes find it here.</summary>
    public Task<CacheWriteResult<string>> PutListingAsync(string hashPart, Stream content, CancellationToken cancellationToken = default) =>
        _local.PutListingAsync(hashPart, content, cancellationToken);

    public IAsyncEnumerable<string> EnumerateHashPartsAsync(CancellationToken cancellationToken = default) =>
        _local.EnumerateHashPartsAsync(cancellationToken);

    public string? GetNarFilePath(NarFileName file) => _local.GetNarFilePath(file);

    // Copies a NAR some peer holds into this node (streamed; the local store verifies it as any upload).
    private async Task<bool> FetchNarAsync(NarInfo narInfo, CancellationToken cancellationToken)
    {
        if (!NarFileName.TryParseUrl(narInfo.Url, out var file, out _))
        {
            return false;
        }

        var nar = await OpenFromPeersAsync(file.FileHash.ToBase32(), file.Url, cancellationToken).ConfigureAwait(false);
        if (nar is null)
        {
            return false;
        }

        await using (nar.ConfigureAwait(false))
        {
            return (await _local.PutNarAsync(file, nar, cancellationToken).ConfigureAwait(false)).IsStored;
        }
    }

    private bool IsFromPeer => _http.HttpContext?.Request.Headers.ContainsKey(ReplicationConstants.LocalOnlyHeader) == true;
}
