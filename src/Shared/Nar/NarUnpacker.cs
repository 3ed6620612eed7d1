using System.Buffers;
using System.Text;
using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Restores a NAR stream to a path, like <c>nix-store --restore</c>, but all or nothing: the tree is built in a hidden
/// sibling of the target and renamed into place only once the whole NAR has been read and validated; on any failure
/// nothing is left behind. Symlinks are created verbatim and never followed.
/// </summary>
public static class NarUnpacker
{
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Unpacks <paramref name="source"/> (the whole stream is the NAR) to <paramref name="target"/> and returns the NAR's hash and size.</summary>
    /// <param name="source">The NAR, read to its end.</param>
    /// <param name="target">Must not exist (not even as a dangling symlink); its parent directory must.</param>
    /// <param name="options">Limits for hostile NARs; <see cref="NarReaderOptions.Default"/> when null.</param>
    /// <exception cref="NarFormatException">The NAR is invalid; <paramref name="target"/> was not created.</exception>
    /// <exception cref="IOException"><paramref name="target"/> exists, or the file system refused; nothing was left behind.</exception>
    public static NarHashAndSize Unpack(Stream source, string target, NarReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        target = Path.GetFullPath(Path.TrimEndingDirectorySeparator(target));
        if (LinuxFileSystem.LStat(target).Kind != FileKind.Missing)
        {
            throw new IOException($"cannot unpack a NAR to '{target}': it already exists");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"cannot unpack a NAR to '{target}'");
        var staging = Path.Join(parent, $".{Path.GetFileName(target)}.unpack-{Guid.NewGuid():N}");
        try
        {
            using var hashing = new HashingReadStream(source);
            using (var reader = new NarReader(hashing, options))
            {
                Restore(reader, staging);
            }

            LinuxFileSystem.RenameNoReplace(staging, target);
            return hashing.GetHashAndSize();
        }
        catch
        {
            Remove(staging);
            throw;
        }
    }

    private static void Restore(NarReader reader, string staging)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        // The file-system path of the innermost open directory (reader.Path is for messages: it escapes odd bytes); one
        // copy of the path, not one per level. Entry names hold no '/', so its parent is the path up to the last one.
        var current = staging;
        try
        {
            while (reader.Read())
            {
                if (reader.Kind == NarEventKind.DirectoryEnd)
                {
                    current = reader.Name is null ? staging : Path.GetDirectoryName(current)!;
                    continue;
                }

                var path = reader.Name is null ? staging : Path.Join(current, ToFileSystemName(reader));
                switch (reader.Kind)
                {
                    case NarEventKind.DirectoryStart:
                        Directory.CreateDirectory(path);
                        current = path;
                        break;
                    case NarEventKind.RegularFile:
                        WriteFile(reader, path, buffer);
                        break;
                    case NarEventKind.Symlink:
                        File.CreateSymbolicLink(path, Decode(reader.SymlinkTarget, reader, "symlink target"));
                        break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteFile(NarReader reader, string path, byte[] buffer)
    {
        // No preallocation: the size comes from the NAR, and a hostile one could claim terabytes it never sends.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        using var file = new FileStream(path, options);
        int read;
        while ((read = reader.ReadContents(buffer)) > 0)
        {
            file.Write(buffer, 0, read);
        }

        if (reader.IsExecutable)
        {
            // As nix-store --restore: whatever the umask allowed, plus execute for everyone.
            var mode = File.GetUnixFileMode(file.SafeFileHandle);
            File.SetUnixFileMode(file.SafeFileHandle, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    // Entry names hold no '/', NUL, '.' or '..' (the reader refuses them), so the path stays inside the staging tree;
    // every directory on it was created by this unpacker, so no symlink can redirect it.
    private static string ToFileSystemName(NarReader reader) => Decode(reader.Name ?? [], reader, "entry name");

    private static string Decode(byte[] bytes, NarReader reader, string what)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new IOException($"cannot unpack '{reader.Path}': its {what} is not valid UTF-8, which .NET file APIs cannot represent");
        }
    }

    private static void Remove(string path)
    {
        switch (LinuxFileSystem.LStat(path).Kind)
        {
            case FileKind.Missing:
                return;
            case FileKind.Directory:
                var info = new DirectoryInfo(path);
                info.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                foreach (var child in info.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
                {
                    Remove(child.FullName);
                }

                Directory.Delete(path);
                return;
            default:
                File.Delete(path);
                return;
        }
    }
}
