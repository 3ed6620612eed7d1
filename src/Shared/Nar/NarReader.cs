using System.Globalization;
using System.Text;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// A strict streaming pull parser over a NAR: each <see cref="Read"/> moves to the next node (or directory end) and
/// validates everything on the way, refusing with <see cref="NarFormatException"/> whatever Nix 2.8 refuses and
/// every non-canonical form besides (unsorted or duplicate names, <c>executable</c> after <c>contents</c>, a missing
/// <c>contents</c>, trailing bytes…). File contents are never buffered whole: read them with <see cref="ReadContents"/>
/// or <see cref="OpenContents"/> before the next <see cref="Read"/>, which skips whatever was left unread.
/// The NAR must be the whole of the stream.
/// Memory is bounded whatever the input: per open directory the reader keeps only its entry name (the names together
/// are the current path, at most <see cref="NarReaderOptions.MaxPathLength"/>); <see cref="Path"/> is built on demand.
/// </summary>
public sealed class NarReader : IDisposable
{
    private readonly NarInput _input;
    private readonly NarReaderOptions _options;
    // The open directories, the root first: their names are the current path.
    private readonly List<DirectoryFrame> _directories = [];
    private State _state = State.Start;
    private long _contentsRemaining;
    private string? _path;
    private readonly Func<string> _describeSymlinkTarget;

    public NarReader(Stream source, NarReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _input = new NarInput(source);
        _options = options ?? NarReaderOptions.Default;
        _describeSymlinkTarget = () => $"the symlink target of '{Path}'";
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

    /// <summary>Where the current node sits in the NAR, for messages: <c>/</c> for the root, <c>/sub/file</c> below it (odd bytes escaped).</summary>
    public string Path => _path ??= PathOf(Depth, Name);

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
                MoveTo(name: null, depth: 0);
                ReadNode(pathLength: 0);
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

        ExpectAt(NarTokens.Close, "')' closing the entry '{0}'");
        return NextInDirectory();
    }

    private bool NextInDirectory()
    {
        var index = _directories.Count - 1;
        var directory = _directories[index];
        var at = _input.Offset;
        var tag = ReadTag();
        if (tag.SequenceEqual(NarTokens.Close))
        {
            _directories.RemoveAt(index);
            Kind = NarEventKind.DirectoryEnd;
            MoveTo(directory.Name, index);
            _state = State.AfterNode;
            return true;
        }

        if (!tag.SequenceEqual(NarTokens.Entry))
        {
            throw new NarFormatException($"expected 'entry' or ')' in directory '{PathOf(index, directory.Name)}', found {Describe(tag)}", at);
        }

        Expect(NarTokens.Open, "'(' after 'entry'");
        Expect(NarTokens.Name, "'name'");
        at = _input.Offset;
        var name = _input.ReadString(_options.MaxNameLength, "an entry name").ToArray();
        MoveTo(name, _directories.Count);
        CheckName(name, directory, index, at);
        var pathLength = directory.PathLength + 1 + name.Length;
        if (pathLength > _options.MaxPathLength)
        {
            throw new NarFormatException(
                string.Create(CultureInfo.InvariantCulture, $"the path of an entry at depth {Depth} is {pathLength} bytes, longer than the limit of {_options.MaxPathLength} (in directory '{Shorten(PathOf(index, directory.Name))}')"),
                at);
        }

        directory.LastName = name;
        ExpectAt(NarTokens.Node, "'node' after the name of '{0}'");
        ReadNode(pathLength);
        return true;
    }

    private void CheckName(byte[] name, DirectoryFrame directory, int index, long at)
    {
        string? problem = name switch
        {
            [] => $"empty entry name in directory '{PathOf(index, directory.Name)}'",
            [(byte)'.'] or [(byte)'.', (byte)'.'] => $"entry name '{Escape(name)}' is not allowed (at '{Path}')",
            _ when name.AsSpan().Contains((byte)'/') => $"entry name '{Escape(name)}' contains '/' (at '{Path}')",
            _ when name.AsSpan().Contains((byte)0) => $"entry name '{Escape(name)}' contains a NUL byte (at '{Path}')",
            _ => null,
        };
        if (problem is null && directory.LastName is { } previous)
        {
            var order = previous.AsSpan().SequenceCompareTo(name);
            problem = order == 0
                ? $"duplicate entry name '{Escape(name)}' in directory '{PathOf(index, directory.Name)}'"
                : order > 0
                    ? $"NAR directory is not sorted: '{Escape(name)}' follows '{Escape(previous)}' in '{PathOf(index, directory.Name)}'"
                    : null;
        }

        if (problem is not null)
        {
            throw new NarFormatException(problem, at);
        }
    }

    // The current node becomes the entry `name` of the open directory at depth - 1 (the root: null, 0).
    private void MoveTo(byte[]? name, int depth)
    {
        Name = name;
        Depth = depth;
        _path = null;
    }

    private void ReadNode(int pathLength)
    {
        ExpectAt(NarTokens.Open, "'(' starting the node '{0}'");
        ExpectAt(NarTokens.Type, "'type' in the node '{0}'");
        var at = _input.Offset;
        var type = ReadTag();
        if (type.SequenceEqual(NarTokens.Regular))
        {
            ReadRegular();
        }
        else if (type.SequenceEqual(NarTokens.Symlink))
        {
            ReadSymlink();
        }
        else if (type.SequenceEqual(NarTokens.Directory))
        {
            if (Depth > _options.MaxDepth)
            {
                throw new NarFormatException($"directories nested deeper than {_options.MaxDepth} at '{Shorten(Path)}'", at);
            }

            // The entry's name is already its parent's LastName: a frame adds no copy of it.
            _directories.Add(new DirectoryFrame(Name, pathLength));
            Kind = NarEventKind.DirectoryStart;
            _state = State.InDirectory;
        }
        else
        {
            throw new NarFormatException($"unknown node type {Describe(type)} at '{Path}'", at);
        }
    }

    private void ReadRegular()
    {
        var at = _input.Offset;
        var tag = ReadTag();
        IsExecutable = tag.SequenceEqual(NarTokens.Executable);
        if (IsExecutable)
        {
            at = _input.Offset;
            if (_input.ReadString(NarTokens.MaxTokenLength, "the value after 'executable'").Length != 0)
            {
                throw new NarFormatException($"'executable' must be followed by an empty string at '{Path}'", at);
            }

            at = _input.Offset;
            tag = ReadTag();
        }

        if (!tag.SequenceEqual(NarTokens.Contents))
        {
            throw new NarFormatException($"expected 'contents' in the regular file '{Path}', found {Describe(tag)}", at);
        }

        at = _input.Offset;
        var size = _input.ReadLength();
        if (size > long.MaxValue)
        {
            throw new NarFormatException($"file size {size} of '{Path}' is absurd", at);
        }

        FileSize = (long)size;
        _contentsRemaining = FileSize;
        Kind = NarEventKind.RegularFile;
        _state = State.InFile;
    }

    private void ReadSymlink()
    {
        ExpectAt(NarTokens.Target, "'target' in the symlink '{0}'");
        var at = _input.Offset;
        var target = _input.ReadString(_options.MaxSymlinkTargetLength, _describeSymlinkTarget);
        if (target.IsEmpty || target.Contains((byte)0))
        {
            throw new NarFormatException($"symlink target of '{Path}' is empty or contains a NUL byte", at);
        }

        SymlinkTarget = target.ToArray();
        ExpectAt(NarTokens.Close, "')' after the symlink target of '{0}'");
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

    // As Expect, with the current node's path put in for {0} only when the token is wrong (paths cost O(length) to build).
    private void ExpectAt(ReadOnlySpan<byte> token, string whatWithPath)
    {
        var at = _input.Offset;
        var found = ReadTag();
        if (!found.SequenceEqual(token))
        {
            throw new NarFormatException($"expected {string.Format(CultureInfo.InvariantCulture, whatWithPath, Path)}, found {Describe(found)}", at);
        }
    }

    // The path of the node `name` in the open directory at depth - 1: the names of the open directories 1..depth-1, then name.
    private string PathOf(int depth, byte[]? name)
    {
        if (name is null)
        {
            return "/";
        }

        var text = new StringBuilder();
        for (var i = 1; i < depth; i++)
        {
            text.Append('/').Append(Escape(_directories[i].Name));
        }

        return text.Append('/').Append(Escape(name)).ToString();
    }

    // Messages about overlong paths show their start and end, not up to MaxPathLength bytes of it.
    private static string Shorten(string path) => path.Length <= 512 ? path : $"{path[..240]}…{path[^240..]}";

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

    private sealed class DirectoryFrame(byte[]? name, int pathLength)
    {
        public byte[]? Name { get; } = name;

        /// <summary>Bytes of this directory's path, <c>/a/b</c> (0 for the root).</summary>
        public int PathLength { get; } = pathLength;

        public byte[]? LastName { get; set; }
    }
}
