using System.Buffers;
using System.Buffers.Binary;
using System.IO.Enumeration;
using System.Text;
using AsterFarm.Shared.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Serialises a file, symlink or directory tree as a NAR, exactly as <c>nix-store --dump</c> (Nix 2.8) does, streaming:
/// file contents pass through one reused buffer, never whole.
/// </summary>
public sealed class NarWriter : IDisposable
{
    /// <summary>Size of the one buffer file contents and tokens go through; large, so hashing sees big chunks.</summary>
    public const int BufferSize = 1 << 20;

    // Below this much free room, flush before reading file contents so that reads stay large.
    private const int MinimumReadSize = 64 << 10;

    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly Stream _destination;
    private byte[] _buffer;
    private int _position;

    private NarWriter(Stream destination)
    {
        _destination = destination;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
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
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void WriteNode(string path)
    {
        var status = LinuxFileSystem.LStat(path);
        WriteString(NarTokens.Open);
        WriteString(NarTokens.Type);
        switch (status.Kind)
        {
            case FileKind.Regular:
                WriteString(NarTokens.Regular);
                if (status.IsOwnerExecutable)
                {
                    WriteString(NarTokens.Executable);
                    WriteString([]);
                }

                WriteString(NarTokens.Contents);
                WriteContents(path, status.Size);
                break;
            case FileKind.Symlink:
                WriteString(NarTokens.Symlink);
                WriteString(NarTokens.Target);
                var target = new FileInfo(path).LinkTarget
                    ?? throw new IOException($"'{path}' stopped being a symlink while being archived");
                WriteString(Encoding.UTF8.GetBytes(target));
                break;
            case FileKind.Directory:
                WriteString(NarTokens.Directory);
                WriteDirectoryEntries(path);
                break;
            case FileKind.Missing:
                throw new IOException(
                    $"'{path}' does not exist (or vanished while being archived, or its name is not valid UTF-8)");
            default:
                throw NarUnsupportedFileException.For(path);
        }

        WriteString(NarTokens.Close);
    }

    private void WriteDirectoryEntries(string path)
    {
        var names = new FileSystemEnumerable<byte[]>(
            path, static (ref entry) => Encoding.UTF8.GetBytes(entry.FileName.ToString()), AllEntries).ToArray();
        // Nix orders entries by the raw bytes of their names, which differs from UTF-16 ordinal order.
        Array.Sort(names, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        foreach (var name in names)
        {
            WriteString(NarTokens.Entry);
            WriteString(NarTokens.Open);
            WriteString(NarTokens.Name);
            WriteString(name);
            WriteString(NarTokens.Node);
            WriteNode(Path.Join(path, Encoding.UTF8.GetString(name)));
            WriteString(NarTokens.Close);
        }
    }

    private void WriteContents(string path, long size)
    {
        WriteLength(size);
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
        {
            CopyContents(handle, path, size);
        }

        WritePadding(NarTokens.PaddingFor(size));
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
        if (_position > 0)
        {
            _destination.Write(_buffer, 0, _position);
            _position = 0;
        }
    }
}
