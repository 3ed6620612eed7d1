using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Puts a freshly built output into the canonical form Nix 2.8 gives store paths before hashing them (nix-formats.md
/// §7 end): modification time 1 (1970-01-01T00:00:01Z) on everything including symlinks, mode 0444 for files and
/// 0555 for directories and files the owner may execute (dropping setuid, setgid and sticky); symlink modes untouched.
/// Ownership is given to the owner the caller names (a build user's files become the node's); extended attributes
/// are left alone.
/// </summary>
public static class OutputCanonicaliser
{
    /// <summary>The modification time Nix gives everything in the store, in seconds since the epoch.</summary>
    public const long StoreModificationTime = 1;

    private const UnixFileMode ReadOnly =
        UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ReadExecute = ReadOnly
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Canonicalises <paramref name="path"/> and, if a directory, everything below it.</summary>
    /// <exception cref="NarUnsupportedFileException">The tree holds a socket, FIFO or device (Nix refuses these too).</exception>
    /// <exception cref="NarTooDeepException">The tree nests directories deeper than <see cref="NarWriter.MaxDepth"/>.</exception>
    /// <param name="path">The output.</param>
    /// <param name="owner">The uid and gid everything gets (as Nix gives store paths to the store's owner), or null to leave ownership.</param>
    public static void Canonicalise(string path, (int Uid, int Gid)? owner = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var status = LinuxFileSystem.LStat(path);
        if (owner is { } root && status.Kind != FileKind.Missing)
        {
            NativeDirectory.SetOwner(path, root.Uid, root.Gid);
        }

        switch (status.Kind)
        {
            case FileKind.Directory:
                using (var directory = NativeDirectory.Open(path))
                {
                    CanonicaliseEntries(directory, depth: 0, owner);
                }

                SetMode(path, status);
                break;
            case FileKind.Regular:
                SetMode(path, status);
                break;
            case FileKind.Symlink:
                break;
            case FileKind.Missing:
                throw new FileNotFoundException($"'{path}' does not exist", path);
            default:
                throw NarUnsupportedFileException.For(path);
        }

        LinuxFileSystem.SetModificationTimeNoFollow(path, StoreModificationTime);
    }

    // Entries by their bytes relative to the open parent: names need not be UTF-8, depth is not bounded by PATH_MAX.
    private static void CanonicaliseEntries(NativeDirectory directory, int depth, (int Uid, int Gid)? owner)
    {
        foreach (var name in directory.ReadNames())
        {
            var status = directory.Stat(name);
            if (owner is { } root && status.Kind != FileKind.Missing)
            {
                directory.SetOwner(name, root.Uid, root.Gid);
            }

            switch (status.Kind)
            {
                case FileKind.Directory:
                    if (depth + 1 > NarWriter.MaxDepth)
                    {
                        throw NarTooDeepException.At(directory.PathOf(name));
                    }

                    using (var child = directory.OpenDirectory(name))
                    {
                        CanonicaliseEntries(child, depth + 1, owner);
                    }

                    SetMode(directory, name, status);
                    break;
                case FileKind.Regular:
                    SetMode(directory, name, status);
                    break;
                case FileKind.Symlink:
                case FileKind.Missing:
                    break;
                default:
                    throw NarUnsupportedFileException.For(directory.PathOf(name));
            }

            if (status.Kind != FileKind.Missing)
            {
                directory.SetModificationTime(name, StoreModificationTime);
            }
        }
    }

    private static UnixFileMode Wanted(FileStatus status) =>
        // As Nix: a directory without owner execute becomes 0444 too; what matters is the owner x bit.
        status.IsOwnerExecutable ? ReadExecute : ReadOnly;

    private static void SetMode(NativeDirectory directory, byte[] name, FileStatus status)
    {
        if (status.Mode != Wanted(status))
        {
            directory.SetMode(name, Wanted(status));
        }
    }

    private static void SetMode(string path, FileStatus status)
    {
        if (status.Mode != Wanted(status))
        {
            File.SetUnixFileMode(path, Wanted(status));
        }
    }
}
