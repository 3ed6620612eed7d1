using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Builder.Store;

/// <summary>Deletes store trees, whose directories are read-only (0555) after unpacking or canonicalisation.</summary>
internal static class StoreTree
{
    /// <summary>Removes <paramref name="path"/> (file, symlink or directory tree) if it exists.</summary>
    public static void Delete(string path)
    {
        var status = LinuxFileSystem.LStat(path);
        if (status.Kind == FileKind.Missing)
        {
            return;
        }

        if (status.Kind != FileKind.Directory)
        {
            File.Delete(path);
            return;
        }

        MakeWritable(path);
        Directory.Delete(path, recursive: true);
    }

    private static void MakeWritable(string directory)
    {
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        foreach (var child in Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (new DirectoryInfo(child).LinkTarget is null)
            {
                MakeWritable(child);
            }
        }
    }
}
