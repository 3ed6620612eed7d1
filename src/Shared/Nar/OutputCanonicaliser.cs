using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Puts a freshly built output into the canonical form Nix 2.8 gives store paths before hashing them (nix-formats.md
/// §7 end): modification time 1 (1970-01-01T00:00:01Z) on everything including symlinks, mode 0444 for files and
/// 0555 for directories and files the owner may execute (dropping setuid, setgid and sticky); symlink modes untouched.
/// Ownership and extended attributes are left alone.
/// </summary>
public static class OutputCanonicaliser
{
    /// <summary>The modification time Nix gives everything in the store, in seconds since the epoch.</summary>
    public const long StoreModificationTime = 1;

    private const UnixFileMode ReadOnly =
        UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ReadExecute = ReadOnly
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0 };

    /// <summary>Canonicalises <paramref name="path"/> and, if a directory, everything below it.</summary>
    /// <exception cref="NarUnsupportedFileException">The tree holds a socket, FIFO or device (Nix refuses these too).</exception>
    public static void Canonicalise(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var status = LinuxFileSystem.LStat(path);
        switch (status.Kind)
        {
            case FileKind.Directory:
                foreach (var child in Directory.EnumerateFileSystemEntries(path, "*", AllEntries))
                {
                    Canonicalise(child);
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

    private static void SetMode(string path, FileStatus status)
    {
        // As Nix: a directory without owner execute becomes 0444 too; what matters is the owner x bit.
        var wanted = status.IsOwnerExecutable ? ReadExecute : ReadOnly;
        if (status.Mode != wanted)
        {
            File.SetUnixFileMode(path, wanted);
        }
    }
}
