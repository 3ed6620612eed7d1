using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>What concurrent uploaders saw: each acknowledged path with the hash of the NAR that was sent, and each failure.</summary>
internal sealed class UploadLog
{
    private readonly Lock _lock = new();
    private readonly List<AcknowledgedUpload> _acknowledged = [];
    private readonly List<string> _failures = [];
    private volatile bool _killed;

    /// <summary>Uploads from now on count as started after the kill.</summary>
    public void MarkKill() => _killed = true;

    public bool Killed => _killed;

    public IReadOnlyList<AcknowledgedUpload> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }
    }

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_lock)
            {
                return [.. _failures];
            }
        }
    }

    public void Record(StorePath path, NixHash sentNarHash, bool startedAfterKill, CacheWriteResult<Shared.NarInfoFormat.NarInfo> result)
    {
        lock (_lock)
        {
            if (result.IsStored)
            {
                _acknowledged.Add(new AcknowledgedUpload(path, sentNarHash, startedAfterKill));
            }
            else
            {
                _failures.Add($"{path.HashPart}: refused: {result.Refusal}");
            }
        }
    }

    public void Failed(StorePath path, Exception error)
    {
        lock (_lock)
        {
            _failures.Add($"{path.HashPart}: {error.GetType().Name}: {error.Message}");
        }
    }
}

/// <summary>A path the cache acknowledged (2xx on its narinfo), with the hash of the NAR the uploader sent.</summary>
internal sealed record AcknowledgedUpload(StorePath Path, NixHash NarHash, bool StartedAfterKill);
