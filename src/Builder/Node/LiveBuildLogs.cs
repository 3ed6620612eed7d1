using System.Collections.Concurrent;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Node;

/// <summary>
/// The logs of the builds this node runs now, for the dashboard to follow live (through <see cref="BuildLogActor"/>).
/// Each keeps its last <see cref="MaxBytesKept"/> bytes in memory; a build's whole log goes to the cache when it ends.
/// </summary>
public sealed class LiveBuildLogs
{
    /// <summary>Bytes kept per running build: a follower that falls further behind skips ahead.</summary>
    public const int MaxBytesKept = 1 << 20;

    private readonly ConcurrentDictionary<StorePath, LiveLog> _logs = new();

    /// <summary>Starts following <paramref name="drvPath"/>'s log; dispose the result when the build ends.</summary>
    public LiveLogSink Open(StorePath drvPath)
    {
        var log = new LiveLog();
        _logs[drvPath] = log;
        return new LiveLogSink(log, () => _logs.TryRemove(new KeyValuePair<StorePath, LiveLog>(drvPath, log)));
    }

    /// <summary>The log from <paramref name="offset"/> on, at most <see cref="BuildLogChunk.MaxBytes"/>; not running when no build of it runs here.</summary>
    public BuildLogChunk Read(StorePath drvPath, long offset) =>
        _logs.TryGetValue(drvPath, out var log) ? log.Read(drvPath, offset) : new BuildLogChunk(drvPath, Math.Max(0, offset), [], Running: false);

    /// <summary>One build's log tail; written by the sandbox's reader, read by the log actor.</summary>
    internal sealed class LiveLog
    {
        private readonly Lock _lock = new();
        private byte[] _buffer = new byte[4096];
        private int _length;
        private long _start;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            lock (_lock)
            {
                if (chunk.Length >= MaxBytesKept)
                {
                    _start += _length + chunk.Length - MaxBytesKept;
                    _length = 0;
                    chunk = chunk[^MaxBytesKept..];
                }

                if (_length + chunk.Length > MaxBytesKept)
                {
                    // Drop the oldest bytes: keep half the budget, then append.
                    var drop = _length + chunk.Length - (MaxBytesKept / 2);
                    drop = Math.Min(drop, _length);
                    Buffer.BlockCopy(_buffer, drop, _buffer, 0, _length - drop);
                    _length -= drop;
                    _start += drop;
                }

                if (_length + chunk.Length > _buffer.Length)
                {
                    Array.Resize(ref _buffer, Math.Min(MaxBytesKept, Math.Max(_buffer.Length * 2, _length + chunk.Length)));
                }

                chunk.CopyTo(_buffer.AsSpan(_length));
                _length += chunk.Length;
            }
        }

        public BuildLogChunk Read(StorePath drvPath, long offset)
        {
            lock (_lock)
            {
                var from = Math.Clamp(offset, _start, _start + _length);
                var count = (int)Math.Min(BuildLogChunk.MaxBytes, _start + _length - from);
                return new BuildLogChunk(drvPath, from, _buffer.AsSpan((int)(from - _start), count).ToArray(), Running: true);
            }
        }
    }
}
