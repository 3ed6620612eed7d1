using System.Buffers;
using System.Buffers.Binary;
using AsterFarm.Shared.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Serialises a file, symlink or directory tree as a NAR, exactly as <c>nix-store --dump</c> (Nix 2.8) does, streaming:
/// file contents pass through one reused buffer, never whole.
/// </summary>
public sealed class NarWriter : IDisposable
{
    /// <summary>
    /// Size of each of the two buffers file contents and tokens go through: large enough for few system calls, small
    /// enough that the buffer being hashed stays in the CPU cache (1 MiB measured slower than 256 KiB).
    /// </summary>
    public const int BufferSize = 256 << 10;

    /// <summary>
    /// Deepest directory nesting below the root a NAR may have: <see cref="NarReaderOptions.MaxDepth"/>'s default, so
    /// what is written can be read back by the cache. A deeper tree is refused with <see cref="NarTooDeepException"/>.
    /// </summary>
    public const int MaxDepth = 1024;

    // Below this much free room, flush before reading file contents so that reads stay large.
    private const int MinimumReadSize = 64 << 10;

    private readonly Stream _destination;
    private byte[] _buffer;
    private byte[] _spare;
    private int _position;

    // The previous buffer being written (and so hashed) while the next one fills: reading files and hashing overlap.
    private Task? _pendingWrite;

    private NarWriter(Stream destination)
    {
        _destination = destination;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _spare = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Writes the NAR of <paramref name="path"/> to <paramref name="destination"/> and returns its NarHash and NarSize.</summary>
    /// <exception cref="NarUnsupportedFileException">The tree holds a socket, FIFO or device.</exception>
    /// <exception cref="IOException">A file could not be read or changed size while being read.</exception>
    public static NarHashAndSize Write(string path, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var hashing = new HashingWriteStream(destination == Stream.Null ? null : destination);
        Dump(path, hashing);
        return hashing.GetHashAndSize();
    }

    /// <summary>The NarHash and NarSize of <paramref name="path"/> (what <c>nix-hash --type sha256 PATH</c> prints), without keeping the NAR.</summary>
    public static NarHashAndSize Hash(string path) => Write(path, Stream.Null);

    /// <summary>Writes the NAR of <paramref name="path"/> to <paramref name="destination"/> (<c>nix-store --dump</c>).</summary>
    /// <exception cref="NarUnsupportedFileException">The tree holds a socket, FIFO or device.</exception>
    public static void Dump(string path, Stream destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new NarWriter(destination);
        writer.WriteString(NarTokens.Magic);
        writer.WriteNode(Path.TrimEndingDirectorySeparator(path) is { Length: > 0 } trimmed ? trimmed : path);
        writer.FlushBuffer();
        writer.WaitForPendingWrite();
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            // A write still running (after an exception) must finish before its buffer goes back to the pool.
            try
            {
                _pendingWrite?.Wait();
            }
            catch (AggregateException)
            {
                // Already reported, or superseded by the exception being thrown.
            }

            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<byte>.Shared.Return(_spare);
            _buffer = [];
            _spare = [];
        }
    }

    // The root is named by a path (the caller's, UTF-8); everything below it by its bytes, relative to its open
    // parent directory: names need not be UTF-8 and depth is not limited by PATH_MAX.
    private void WriteNode(string path)
    {
        var status = LinuxFileSystem.LStat(path);
        WriteString(NarTokens.Open);
        WriteString(NarTokens.Type);
        switch (status.Kind)
        {
            case FileKind.Regular:
                WriteRegular(status, () => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan), path);
                break;
            case FileKind.Symlink:
                WriteString(NarTokens.Symlink);
                WriteString(NarTokens.Target);
                WriteString(LinuxFileSystem.ReadLink(path));
                break;
            case FileKind.Directory:
                WriteString(NarTokens.Directory);
                using (var directory = NativeDirectory.Open(path))
                {
                    WriteDirectoryEntries(directory, depth: 0);
                }

                break;
            case FileKind.Missing:
                throw new IOException($"'{path}' does not exist (or vanished while being archived)");
            default:
                throw NarUnsupportedFileException.For(path);
        }

        WriteString(NarTokens.Close);
    }

    private void WriteEntry(NativeDirectory parent, byte[] name, int depth)
    {
        var status = parent.Stat(name);
        WriteString(NarTokens.Open);
        WriteString(NarTokens.Type);
        switch (status.Kind)
        {
            case FileKind.Regular:
                WriteRegular(status, () => parent.OpenFile(name), parent.PathOf(name));
                break;
            case FileKind.Symlink:
                WriteString(NarTokens.Symlink);
                WriteString(NarTokens.Target);
                WriteString(parent.ReadLink(name));
                break;
            case FileKind.Directory:
                if (depth > MaxDepth)
                {
                    throw NarTooDeepException.At(parent.PathOf(name));
                }

                WriteString(NarTokens.Directory);
                using (var directory = parent.OpenDirectory(name))
                {
                    WriteDirectoryEntries(directory, depth);
                }

                break;
            case FileKind.Missing:
                throw new IOException($"'{parent.PathOf(name)}' vanished while being archived");
            default:
                throw NarUnsupportedFileException.For(parent.PathOf(name));
        }

        WriteString(NarTokens.Close);
    }

    private void WriteRegular(FileStatus status, Func<SafeFileHandle> open, string displayPath)
    {
        WriteString(NarTokens.Regular);
        if (status.IsOwnerExecutable)
        {
            WriteString(NarTokens.Executable);
            WriteString([]);
        }

        WriteString(NarTokens.Contents);
        WriteLength(status.Size);
        using (var handle = open())
        {
            CopyContents(handle, displayPath, status.Size);
        }

        WritePadding(NarTokens.PaddingFor(status.Size));
    }

    private void WriteDirectoryEntries(NativeDirectory directory, int depth)
    {
        var names = directory.ReadNames();
        // Nix orders entries by the raw bytes of their names, which differs from UTF-16 ordinal order.
        names.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        foreach (var name in names)
        {
            WriteString(NarTokens.Entry);
            WriteString(NarTokens.Open);
            WriteString(NarTokens.Name);
            WriteString(name);
            WriteString(NarTokens.Node);
            WriteEntry(directory, name, depth + 1);
            WriteString(NarTokens.Close);
        }
    }

    private void CopyContents(SafeFileHandle handle, string path, long size)
    {
        long offset = 0;
        while (offset < size)
        {
            if (_buffer.Length - _position < MinimumReadSize)
            {
                FlushBuffer();
            }

            var room = (int)Math.Min(_buffer.Length - _position, size - offset);
            var read = RandomAccess.Read(handle, _buffer.AsSpan(_position, room), offset);
            if (read == 0)
            {
                throw new IOException($"'{path}' shrank from {size} to {offset} bytes while being archived");
            }

            _position += read;
            offset += read;
        }
    }

    private void WriteString(ReadOnlySpan<byte> value)
    {
        var length = value.Length;
        WriteLength(length);
        while (!value.IsEmpty)
        {
            if (_position == _buffer.Length)
            {
                FlushBuffer();
            }

            var count = Math.Min(value.Length, _buffer.Length - _position);
            value[..count].CopyTo(_buffer.AsSpan(_position));
            _position += count;
            value = value[count..];
        }

        WritePadding(NarTokens.PaddingFor(length));
    }

    private void WriteLength(long length)
    {
        EnsureRoom(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), (ulong)length);
        _position += 8;
    }

    private void WritePadding(int count)
    {
        EnsureRoom(8);
        _buffer.AsSpan(_position, count).Clear();
        _position += count;
    }

    private void EnsureRoom(int count)
    {
        if (_buffer.Length - _position < count)
        {
            FlushBuffer();
        }
    }

    private void FlushBuffer()
    {
        if (_position == 0)
        {
            return;
        }

        WaitForPendingWrite();
        var full = _buffer;
        var count = _position;
        _buffer = _spare;
        _spare = full;
        _position = 0;
        _pendingWrite = Task.Run(() => _destination.Write(full, 0, count));
    }

    private void WaitForPendingWrite()
    {
        var pending = _pendingWrite;
        _pendingWrite = null;
        pending?.GetAwaiter().GetResult();
    }
}
