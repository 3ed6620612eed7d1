using System.Text;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// A strict streaming pull parser over a NAR: each <see cref="Read"/> moves to the next node (or directory end) and
/// validates everything on the way, refusing with <see cref="NarFormatException"/> whatever Nix 2.8 refuses and
/// every non-canonical form besides (unsorted or duplicate names, <c>executable</c> after <c>contents</c>, a missing
/// <c>contents</c>, trailing bytes…). File contents are never buffered whole: read them with <see cref="ReadContents"/>
/// or <see cref="OpenContents"/> before the next <see cref="Read"/>, which skips whatever was left unread.
/// The NAR must be the whole of the stream.
/// </summary>
public sealed class NarReader : IDisposable
{
    private readonly NarInput _input;
    private readonly NarReaderOptions _options;
    private readonly Stack<DirectoryFrame> _directories = new();
    private State _state = State.Start;
    private long _contentsRemaining;

    public NarReader(Stream source, NarReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _input = new NarInput(source);
        _options = options ?? NarReaderOptions.Default;
    }

    private enum State
    {
        Start,
        InFile,
        AfterNode,
        InDirectory,
        End,
    }

    public NarEventKind Kind { get; private set; }

    /// <summary>The entry name of the current node as raw bytes; <c>null</c> for the root.</summary>
    public byte[]? Name { get; private set; }

    /// <summary>Where the current node sits in the NAR, for messages and for unpacking: <c>/</c> for the root, <c>/sub/file</c> below it.</summary>
    public string Path { get; private set; } = "/";

    /// <summary>0 for the root, 1 for its entries, and so on.</summary>
    public int Depth { get; private set; }

    /// <summary>Size of the current regular file.</summary>
    public long FileSize { get; private set; }

    /// <summary>Whether the current regular file is executable.</summary>
    public bool IsExecutable { get; private set; }

    /// <summary>The target of the current symlink, verbatim.</summary>
    public byte[] SymlinkTarget { get; private set; } = [];

    /// <summary>Bytes of the NAR consumed so far.</summary>
    public long Offset => _input.Offset;

    /// <summary>Moves to the next node or directory end; <c>false</c> once the root is complete and the stream has ended.</summary>
    /// <exception cref="NarFormatException">The NAR is invalid, non-canonical or truncated.</exception>
    public bool Read()
    {
        switch (_state)
        {
            case State.Start:
                Expect(NarTokens.Magic, "the NAR magic 'nix-archive-1'");
                ReadNode(name: null, "/", depth: 0);
                return true;
            case State.InFile:
                _input.Skip(_contentsRemaining);
                _contentsRemaining = 0;
                _input.ReadPadding(FileSize);
                Expect(NarTokens.Close, "')' after the contents");
                return AfterNode();
            case State.AfterNode:
                return AfterNode();
            case State.InDirectory:
                return NextInDirectory();
            default:
                Kind = NarEventKind.None;
                return false;
        }
    }

    /// <summary>Reads contents of the current regular file; 0 once all are read.</summary>
    public int ReadContents(Span<byte> destination)
    {
        if (_state != State.InFile)
        {
            throw new InvalidOperationException("the reader is not on a regular file");
        }

        var wanted = (int)Math.Min(destination.Length, _contentsRemaining);
        if (wanted == 0)
        {
            return 0;
        }

        var read = _input.ReadSome(destination[..wanted]);
        _contentsRemaining -= read;
        return read;
    }

    /// <summary>A read-only stream over the rest of the current file's contents, valid until the next <see cref="Read"/>.</summary>
    public Stream OpenContents() => new NarContentsStream(this);

    public void Dispose() => _input.Dispose();

    private bool AfterNode()
    {
        if (_directories.Count == 0)
        {
            _input.ExpectEnd();
            _state = State.End;
            Kind = NarEventKind.None;
            return false;
        }

        Expect(NarTokens.Close, $"')' closing the entry '{Path}'");
        return NextInDirectory();
    }

    private bool NextInDirectory()
    {
        var directory = _directories.Peek();
        var at = _input.Offset;
        var tag = ReadTag();
        if (tag.SequenceEqual(NarTokens.Close))
        {
            _directories.Pop();
            Kind = NarEventKind.DirectoryEnd;
            Path = directory.Path;
            Name = directory.Name;
            Depth = _directories.Count;
            _state = State.AfterNode;
            return true;
        }

        if (!tag.SequenceEqual(NarTokens.Entry))
        {
            throw new NarFormatException($"expected 'entry' or ')' in directory '{directory.Path}', found {Describe(tag)}", at);
        }

        Expect(NarTokens.Open, "'(' after 'entry'");
        Expect(NarTokens.Name, "'name'");
        at = _input.Offset;
        var name = _input.ReadString(_options.MaxNameLength, "an entry name").ToArray();
        var path = directory.Path.Length == 1 ? "/" + Escape(name) : directory.Path + "/" + Escape(name);
        CheckName(name, directory, path, at);
        directory.LastName = name;
        Expect(NarTokens.Node, $"'node' after the name of '{path}'");
        ReadNode(name, path, _directories.Count);
        return true;
    }

    private static void CheckName(byte[] name, DirectoryFrame directory, string path, long at)
    {
        string? problem = name switch
        {
            [] => $"empty entry name in directory '{directory.Path}'",
            [(byte)'.'] or [(byte)'.', (byte)'.'] => $"entry name '{Escape(name)}' is not allowed (at '{path}')",
            _ when name.AsSpan().Contains((byte)'/') => $"entry name '{Escape(name)}' contains '/' (at '{path}')",
            _ when name.AsSpan().Contains((byte)0) => $"entry name '{Escape(name)}' contains a NUL byte (at '{path}')",
            _ => null,
        };
        if (problem is null && directory.LastName is { } previous)
        {
            var order = previous.AsSpan().SequenceCompareTo(name);
            problem = order == 0
                ? $"duplicate entry name '{Escape(name)}' in directory '{directory.Path}'"
                : order > 0
                    ? $"NAR directory is not sorted: '{Escape(name)}' follows '{Escape(previous)}' in '{directory.Path}'"
                    : null;
        }

        if (problem is not null)
        {
            throw new NarFormatException(problem, at);
        }
    }

    private void ReadNode(byte[]? name, string path, int depth)
    {
        Name = name;
        Path = path;
        Depth = depth;
        Expect(NarTokens.Open, $"'(' starting the node '{path}'");
        Expect(NarTokens.Type, $"'type' in the node '{path}'");
        var at = _input.Offset;
        var type = ReadTag();
        if (type.SequenceEqual(NarTokens.Regular))
        {
            ReadRegular(path);
        }
        else if (type.SequenceEqual(NarTokens.Symlink))
        {
            ReadSymlink(path);
        }
        else if (type.SequenceEqual(NarTokens.Directory))
        {
            if (depth > _options.MaxDepth)
            {
                throw new NarFormatException($"directories nested deeper than {_options.MaxDepth} at '{path}'", at);
            }

            _directories.Push(new DirectoryFrame(path, name));
            Kind = NarEventKind.DirectoryStart;
            _state = State.InDirectory;
        }
        else
        {
            throw new NarFormatException($"unknown node type {Describe(type)} at '{path}'", at);
        }
    }

    private void ReadRegular(string path)
    {
        var at = _input.Offset;
        var tag = ReadTag();
        IsExecutable = tag.SequenceEqual(NarTokens.Executable);
        if (IsExecutable)
        {
            at = _input.Offset;
            if (_input.ReadString(NarTokens.MaxTokenLength, "the value after 'executable'").Length != 0)
            {
                throw new NarFormatException($"'executable' must be followed by an empty string at '{path}'", at);
            }

            at = _input.Offset;
            tag = ReadTag();
        }

        if (!tag.SequenceEqual(NarTokens.Contents))
        {
            throw new NarFormatException($"expected 'contents' in the regular file '{path}', found {Describe(tag)}", at);
        }

        at = _input.Offset;
        var size = _input.ReadLength();
        if (size > long.MaxValue)
        {
            throw new NarFormatException($"file size {size} of '{path}' is absurd", at);
        }

        FileSize = (long)size;
        _contentsRemaining = FileSize;
        Kind = NarEventKind.RegularFile;
        _state = State.InFile;
    }

    private void ReadSymlink(string path)
    {
        Expect(NarTokens.Target, $"'target' in the symlink '{path}'");
        var at = _input.Offset;
        var target = _input.ReadString(_options.MaxSymlinkTargetLength, $"the symlink target of '{path}'");
        if (target.IsEmpty || target.Contains((byte)0))
        {
            throw new NarFormatException($"symlink target of '{path}' is empty or contains a NUL byte", at);
        }

        SymlinkTarget = target.ToArray();
        Expect(NarTokens.Close, $"')' after the symlink target of '{path}'");
        Kind = NarEventKind.Symlink;
        _state = State.AfterNode;
    }

    private ReadOnlySpan<byte> ReadTag() => _input.ReadString(NarTokens.MaxTokenLength, "a NAR tag");

    private void Expect(ReadOnlySpan<byte> token, string what)
    {
        var at = _input.Offset;
        var found = ReadTag();
        if (!found.SequenceEqual(token))
        {
            throw new NarFormatException($"expected {what}, found {Describe(found)}", at);
        }
    }

    private static string Describe(ReadOnlySpan<byte> token) => $"'{Escape(token)}'";

    /// <summary>Printable ASCII and valid UTF-8 as is; other bytes as <c>\xNN</c>.</summary>
    internal static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && rune.Value >= 0x20 && rune.Value != 0x7F && rune.Value != '\\')
            {
                text.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < Math.Max(consumed, 1); i++)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{bytes[i]:x2}");
                }

                consumed = Math.Max(consumed, 1);
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    private sealed class DirectoryFrame(string path, byte[]? name)
    {
        public string Path { get; } = path;

        public byte[]? Name { get; } = name;

        public byte[]? LastName { get; set; }
    }
}
