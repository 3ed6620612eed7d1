using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>A stored build log: the derivation it belongs to and its size in bytes.</summary>
public sealed record StorePathLog(StorePath Derivation, long Size)
{
    /// <summary>The path relative to the cache root, <c>log/&lt;drv base name&gt;</c>.</summary>
    public string RelativePath => "log/" + Derivation.BaseName;
}
