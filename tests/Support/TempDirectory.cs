namespace AsterFarm.Testing;

/// <summary>A directory under the system temp dir, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "asterfarm-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            MakeWritable(new DirectoryInfo(Path));
            Directory.Delete(Path, recursive: true);
        }
    }

    // Canonicalised trees are read-only (0444/0555); deleting needs write permission back.
    private static void MakeWritable(DirectoryInfo dir)
    {
        dir.UnixFileMode |= UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.UserRead;
        foreach (var sub in dir.EnumerateDirectories())
        {
            if (sub.LinkTarget is null)
            {
                MakeWritable(sub);
            }
        }
    }
}
