using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Builder.Store;

/// <summary>Deletes store trees, whose directories are read-only (0555) after unpacking or canonicalisation.</summary>
internal static class StoreTree
{
    /// <summary>Removes <paramref name="path"/> (file, symlink or directory tree) if it exists, whatever names and depth it holds.</summary>
    public static void Delete(string path) => FileTree.Delete(path);
}
