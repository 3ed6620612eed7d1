using AsterFarm.Shared.Signing;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>The cache's signing key: loaded from its file, or generated and saved there on first start.</summary>
public static class CacheSigningKey
{
    /// <summary>The key name AsterFarm generates when none is configured: <c>&lt;host&gt;-asterfarm-1</c>.</summary>
    public static string DefaultName => Environment.MachineName.ToLowerInvariant() + "-asterfarm-1";

    /// <summary>
    /// Loads the Nix secret key at <paramref name="path"/>, or generates one named <paramref name="name"/> and saves it
    /// there (mode 0600) when the file does not exist. A malformed file is an error, never silently replaced.
    /// </summary>
    public static NixSecretKey LoadOrGenerate(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return NixSecretKey.Load(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = NixSecretKey.Generate(name);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(key.ToKeyFileText()));
            file.Flush(flushToDisk: true);
        }

        // Two nodes starting at once on a shared directory: the first key to land wins and both use it.
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            key.Dispose();
            return NixSecretKey.Load(path);
        }

        return key;
    }
}
