namespace AsterFarm.Shared.Signing;

/// <summary>Whether a client would accept a narinfo, and why.</summary>
/// <param name="ByContentAddress">The <c>CA</c> field reproduces the store path, so no signature is needed.</param>
/// <param name="Signatures">The outcome for every <c>Sig</c> line.</param>
public sealed record TrustDecision(bool ByContentAddress, SignatureVerification Signatures)
{
    /// <summary>Trusted by content address or by at least one valid signature from a trusted key.</summary>
    public bool IsTrusted => ByContentAddress || Signatures.IsTrusted;
}
