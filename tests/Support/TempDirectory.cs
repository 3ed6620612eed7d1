using AsterFarm.Shared.FileSystem;

namespace AsterFarm.Testing;

/// <summary>A directory under the system temp dir, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "asterfarm-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
        // 0755, not 0700: sandboxed builds run as an unprivileged user that must reach the stores and work directories below.
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    // Canonicalised trees are read-only (0444/0555) and builds may leave names that are not UTF-8: FileTree copes.
    public void Dispose() => FileTree.Delete(Path);
}
