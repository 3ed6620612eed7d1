using System.Globalization;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>The <c>nix-cache-info</c> file of a binary cache (nix-formats.md §10.2).</summary>
/// <param name="StoreDir">Must equal the client's store directory, or Nix refuses the cache.</param>
/// <param name="WantMassQuery">Lets clients query many paths at once (<c>WantMassQuery: 1</c>).</param>
/// <param name="Priority">Lower is preferred; cache.nixos.org advertises 40.</param>
public sealed record NixCacheInfo(string StoreDir, bool WantMassQuery, int Priority)
{
    /// <summary>The priority AsterFarm advertises unless configured: just behind cache.nixos.org.</summary>
    public const int DefaultPriority = 41;

    public static NixCacheInfo Default { get; } = new(Store.StoreDir.DefaultPath, WantMassQuery: true, DefaultPriority);

    /// <summary>The file text, <c>Key: value</c> lines.</summary>
    public string Print() => string.Create(
        CultureInfo.InvariantCulture,
        $"StoreDir: {StoreDir}\nWantMassQuery: {(WantMassQuery ? 1 : 0)}\nPriority: {Priority}\n");

    /// <summary>
    /// The <c>StoreDir</c> of a <c>nix-cache-info</c> text as Nix reads it (split at the first colon, trimmed),
    /// or null when the text has none.
    /// </summary>
    public static string? ReadStoreDir(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "StoreDir")
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
