using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Signing;

/// <summary>Adds signatures to narinfos, as <c>nix store sign</c> and <c>nix copy --to '…?secret-key=…'</c> do.</summary>
public static class NarInfoSigner
{
    /// <summary>
    /// Returns <paramref name="narInfo"/> with a <c>Sig</c> by <paramref name="key"/> over its fingerprint.
    /// Signatures by other keys are kept; an earlier one by a key of the same name is replaced, so re-signing
    /// never accumulates stale or duplicate signatures.
    /// </summary>
    public static NarInfo Sign(NarInfo narInfo, NixSecretKey key, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(narInfo.Fingerprint(storeDir)).ToString();
        var prefix = key.Name + ":";
        var others = narInfo.Signatures.Where(s => !s.StartsWith(prefix, StringComparison.Ordinal));
        return narInfo with { Signatures = [.. others, signature] };
    }
}
