namespace AsterFarm.Coordinator.Cache;

/// <summary>The content types of Nix's binary cache protocol (nix-formats.md §10.1).</summary>
internal static class CacheContentTypes
{
    public const string CacheInfo = "text/x-nix-cache-info";
    public const string NarInfo = "text/x-nix-narinfo";
    public const string Nar = "application/x-nix-nar";
    public const string Listing = "application/json";
    public const string Log = "text/plain; charset=utf-8";
    public const string Text = "text/plain; charset=utf-8";
}
