using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Where things live in a cache directory. The public part is Nix's file-cache layout (what
/// <c>nix copy --to file://DIR</c> writes, servable by any static web server); AsterFarm's own state (temp files,
/// NAR sidecars, the secret key by default) is under <c>.asterfarm/</c>, which a static server must not expose.
/// </summary>
internal sealed class CacheLayout
{
    public const string PrivateDirectoryName = ".asterfarm";

    public CacheLayout(string root)
    {
        Root = Path.GetFullPath(root);
        NarDirectory = Path.Combine(Root, NarFileName.Directory);
        LogDirectory = Path.Combine(Root, "log");
        PrivateDirectory = Path.Combine(Root, PrivateDirectoryName);
        TempDirectory = Path.Combine(PrivateDirectory, "tmp");
        SidecarDirectory = Path.Combine(PrivateDirectory, "nar");
    }

    public string Root { get; }

    public string NarDirectory { get; }

    public string LogDirectory { get; }

    public string PrivateDirectory { get; }

    public string TempDirectory { get; }

    public string SidecarDirectory { get; }

    public string CacheInfo => Path.Combine(Root, "nix-cache-info");

    public string PublicKey => Path.Combine(Root, "public-key");

    public string DefaultSecretKey => Path.Combine(PrivateDirectory, "signing-key");

    public string NarInfo(string hashPart) => Path.Combine(Root, hashPart + ".narinfo");

    public string Listing(string hashPart) => Path.Combine(Root, hashPart + ".ls");

    public string Nar(NarFileName file) => Path.Combine(NarDirectory, file.FileName);

    public string Sidecar(NarFileName file) => Path.Combine(SidecarDirectory, file.FileName + ".meta");

    public string Log(StorePath derivation) => Path.Combine(LogDirectory, derivation.BaseName);

    /// <summary>A fresh temp file name on the cache's filesystem, so the final rename is atomic.</summary>
    public string NewTempFile() => Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".tmp");

    public void CreateDirectories()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(NarDirectory);
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(TempDirectory);
        Directory.CreateDirectory(SidecarDirectory);
    }
}
