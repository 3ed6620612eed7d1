using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Copies one store path (NAR first, narinfo last) from a member that holds it to one that should, either of which
/// may be this node. Bytes stream over HTTP straight from disk or from the source's response; the target verifies
/// them as it verifies any upload. A NAR the target already holds is not sent again.
/// </summary>
public sealed class ReplicaCopier(FileBinaryCacheStore local, CachePlacement placement, ReplicaClient client, ILogger<ReplicaCopier> logger)
{
    private readonly StoreDir _storeDir = new(local.CacheInfo.StoreDir);

    /// <summary>Copies <paramref name="hashPart"/> from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public async Task<ReplicaWrite> CopyAsync(string hashPart, CacheMember source, CacheMember target, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var text = IsSelf(source)
            ? await ReadLocalNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false)
            : await client.GetNarInfoAsync(source, hashPart, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return Log(hashPart, source, target, ReplicaWrite.Failed(target, $"{source} has no narinfo for {hashPart}"), reason);
        }

        if (!NarInfoParser.TryParse(text, _storeDir, out var narInfo, out var error) || !NarFileName.TryParseUrl(narInfo.Url, out var file, out _))
        {
            return Log(hashPart, source, target, ReplicaWrite.Failed(target, $"{source} served an unreadable narinfo for {hashPart}: {error}"), reason);
        }

        var outcome = IsSelf(target)
            ? await PullAsync(hashPart, narInfo, file, source, cancellationToken).ConfigureAwait(false)
            : await PushAsync(hashPart, text, file, source, target, cancellationToken).ConfigureAwait(false);
        return Log(hashPart, source, target, outcome, reason);
    }

    /// <summary>Pushes a path this node holds (its signed narinfo text and NAR) to <paramref name="target"/>; the write path's forward.</summary>
    public Task<ReplicaWrite> PushAsync(string hashPart, byte[] narInfoText, NarFileName file, CacheMember target, CancellationToken cancellationToken) =>
        PushAsync(hashPart, narInfoText, file, placement.Self, target, cancellationToken);

    private async Task<ReplicaWrite> PushAsync(string hashPart, byte[] narInfoText, NarFileName file, CacheMember source, CacheMember target, CancellationToken cancellationToken)
    {
        if (!await client.HasNarAsync(target, file, cancellationToken).ConfigureAwait(false))
        {
            var nar = await OpenNarAsync(file, source, cancellationToken).ConfigureAwait(false);
            if (nar.Stream is null)
            {
                return ReplicaWrite.Failed(target, $"{source} has no {file.Url}");
            }

            await using (nar.Stream.ConfigureAwait(false))
            {
                var sent = await client.PutNarAsync(target, file, nar.Stream, nar.Length, cancellationToken).ConfigureAwait(false);
                if (!sent.IsDurable)
                {
                    return sent;
                }
            }
        }

        return await client.PutNarInfoAsync(target, hashPart, narInfoText, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReplicaWrite> PullAsync(string hashPart, NarInfo narInfo, NarFileName file, CacheMember source, CancellationToken cancellationToken)
    {
        if (local.GetNarFilePath(file) is null)
        {
            var nar = await client.OpenAsync(source, file.Url, cancellationToken).ConfigureAwait(false);
            if (nar is null)
            {
                return ReplicaWrite.Failed(placement.Self, $"{source} has no {file.Url}");
            }

            await using (nar.ConfigureAwait(false))
            {
                var stored = await local.PutNarAsync(file, nar, cancellationToken).ConfigureAwait(false);
                if (!stored.IsStored)
                {
                    return ReplicaWrite.Failed(placement.Self, stored.Refusal.Message);
                }
            }
        }

        var result = await local.PutNarInfoAsync(hashPart, narInfo, cancellationToken).ConfigureAwait(false);
        return result.IsStored ? ReplicaWrite.Durable(placement.Self) : ReplicaWrite.Failed(placement.Self, result.Refusal.Message);
    }

    private async Task<(Stream? Stream, long? Length)> OpenNarAsync(NarFileName file, CacheMember source, CancellationToken cancellationToken)
    {
        if (IsSelf(source))
        {
            var path = local.GetNarFilePath(file);
            if (path is null)
            {
                return (null, null);
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return (stream, stream.Length);
        }

        var remote = await client.OpenAsync(source, file.Url, cancellationToken).ConfigureAwait(false);
        return (remote, remote?.ContentLength);
    }

    private async Task<byte[]?> ReadLocalNarInfoAsync(string hashPart, CancellationToken cancellationToken)
    {
        var stream = await local.OpenNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private bool IsSelf(CacheMember member) => member.Id == placement.Self.Id;

    private ReplicaWrite Log(string hashPart, CacheMember source, CacheMember target, ReplicaWrite outcome, string reason)
    {
        if (outcome.IsDurable)
        {
            ReplicationLog.Copied(logger, hashPart, source.Id, target.Id, reason);
        }
        else
        {
            ReplicationLog.CopyFailed(logger, hashPart, source.Id, target.Id, outcome.Detail);
        }

        return outcome;
    }
}
