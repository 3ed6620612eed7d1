using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Signing;

/// <summary>
/// The decision a Nix 2.8 client makes before downloading a NAR (<c>require-sigs = true</c>): a path whose
/// <c>CA</c> field reproduces its store path is trusted without any signature; otherwise a signature by a
/// trusted key must verify.
/// </summary>
public static class NarInfoTrust
{
    /// <summary>
    /// The content-address exemption alone: whether the narinfo's <c>CA</c>, with its references (a self-reference
    /// as <c>:self</c>), reproduces its <c>StorePath</c>. Says nothing about signatures.
    /// </summary>
    public static bool IsExemptByContentAddress(NarInfo narInfo, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        return narInfo.IsContentAddressed(storeDir);
    }

    /// <summary>Applies both rules; the result says which one (if any) made the path trusted.</summary>
    public static TrustDecision Decide(NarInfo narInfo, TrustedPublicKeys trustedKeys, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        return new TrustDecision(IsExemptByContentAddress(narInfo, storeDir), trustedKeys.Verify(narInfo, storeDir));
    }
}
