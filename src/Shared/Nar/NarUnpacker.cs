using System.Buffers;
using System.Text;
using AsterFarm.Shared.FileSystem;
using Microsoft.Win32.SafeHandles;

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
        // Entries are created relative to the descriptor of the innermost open directory, by their names' bytes: a
        // name need not be UTF-8 (Nix allows any bytes but '/' and NUL), and no path grows with the depth. Only that
        // one directory is open; its parent is reopened through "..", which inside the staging tree (made by this
        // unpacker, hidden, never shared) is the directory it was created in.
        using var parent = NativeDirectory.Open(Path.GetDirectoryName(staging)!);
        var stagingName = Encoding.UTF8.GetBytes(Path.GetFileName(staging));
        NativeDirectory? current = null;
        try
        {
            while (reader.Read())
            {
                if (reader.Kind == NarEventKind.DirectoryEnd)
                {
                    var up = reader.Name is null ? null : current!.OpenParent();
                    current!.Dispose();
                    current = up;
                    continue;
                }

                var (directory, name) = reader.Name is null ? (parent, stagingName) : (current!, reader.Name);
                switch (reader.Kind)
                {
                    case NarEventKind.DirectoryStart:
                        directory.CreateDirectory(name);
                        var child = directory.OpenDirectory(name);
                        current?.Dispose();
                        current = child;
                        break;
                    case NarEventKind.RegularFile:
                        WriteFile(reader, directory.CreateFile(name), buffer);
                        break;
                    case NarEventKind.Symlink:
                        directory.CreateSymlink(name, reader.SymlinkTarget);
                        break;
                }
            }
        }
        finally
        {
            current?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteFile(NarReader reader, SafeFileHandle handle, byte[] buffer)
    {
        // No preallocation: the size comes from the NAR, and a hostile one could claim terabytes it never sends.
        using var file = new FileStream(handle, FileAccess.Write, bufferSize: 0);
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

    // Whatever names and depth the partial tree has.
    private static void Remove(string path) => FileTree.Delete(path);
}
