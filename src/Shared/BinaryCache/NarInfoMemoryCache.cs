using System.Collections.Concurrent;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// The bytes of recently served narinfo files, bounded in total size, least recently used evicted first. A hit costs
/// one <c>stat</c> of the file instead of open + read + close: an entry is used only while the file still has the
/// length and modification time it was read with, so a narinfo replaced or deleted by anyone (a new upload, garbage
/// collection, another program writing the directory) is never served stale.
/// </summary>
internal sealed class NarInfoMemoryCache
{
    // Each entry is charged its bytes plus this, for the key, the entry and the dictionary node.
    private const int EntryOverhead = 160;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evictionLock = new();
    private readonly long _maxBytes;
    private long _bytes;
    private long _clock;

    /// <param name="maxBytes">The most the cached bytes may take (0: nothing is cached).</param>
    public NarInfoMemoryCache(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxBytes = maxBytes;
    }

    /// <summary>The bytes held now (for tests and diagnostics).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The narinfo at <paramref name="path"/> (cached or read now), or null if there is no such file.</summary>
    public byte[]? Read(string hashPart, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            Remove(hashPart);
            return null;
        }

        var length = file.Length;
        var modified = file.LastWriteTimeUtc.Ticks;
        if (_entries.TryGetValue(hashPart, out var entry) && entry.Length == length && entry.Modified == modified)
        {
            entry.LastUse = Interlocked.Increment(ref _clock);
            return entry.Bytes;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            Remove(hashPart);
            return null;
        }

        // Cache only what matches the stat taken before reading: a file replaced in between is read again next time.
        if (bytes.Length == length && bytes.Length + EntryOverhead <= _maxBytes)
        {
            Store(hashPart, new Entry(bytes, length, modified) { LastUse = Interlocked.Increment(ref _clock) });
        }

        return bytes;
    }

    /// <summary>Forgets a narinfo (its file was replaced or deleted).</summary>
    public void Remove(string hashPart)
    {
        if (_entries.TryRemove(hashPart, out var old))
        {
            Interlocked.Add(ref _bytes, -Cost(old));
        }
    }

    private void Store(string hashPart, Entry entry)
    {
        while (true)
        {
            if (_entries.TryGetValue(hashPart, out var old))
            {
                if (_entries.TryUpdate(hashPart, entry, old))
                {
                    Interlocked.Add(ref _bytes, Cost(entry) - Cost(old));
                    break;
                }
            }
            else if (_entries.TryAdd(hashPart, entry))
            {
                Interlocked.Add(ref _bytes, Cost(entry));
                break;
            }
        }

        if (Interlocked.Read(ref _bytes) > _maxBytes)
        {
            Evict();
        }
    }

    // Drops the least recently used entries until a quarter of the budget is free, so eviction runs rarely.
    private void Evict()
    {
        lock (_evictionLock)
        {
            var target = _maxBytes - (_maxBytes / 4);
            if (Interlocked.Read(ref _bytes) <= target)
            {
                return;
            }

            foreach (var (hashPart, entry) in _entries.ToArray().OrderBy(e => e.Value.LastUse))
            {
                if (Interlocked.Read(ref _bytes) <= target)
                {
                    break;
                }

                if (_entries.TryRemove(KeyValuePair.Create(hashPart, entry)))
                {
                    Interlocked.Add(ref _bytes, -Cost(entry));
                }
            }
        }
    }

    private static long Cost(Entry entry) => entry.Bytes.Length + EntryOverhead;

    private sealed class Entry(byte[] bytes, long length, long modified)
    {
        public byte[] Bytes { get; } = bytes;

        public long Length { get; } = length;

        public long Modified { get; } = modified;

        public long LastUse { get; set; }
    }
}
