namespace AsterFarm.Shared.Signing;

/// <summary>
/// The result of checking a narinfo's signatures against trusted public keys. Nix accepts the path when at least
/// one signature by a trusted key verifies (<see cref="IsTrusted"/>); the per-signature outcomes say which.
/// </summary>
public sealed record SignatureVerification(IReadOnlyList<SignatureCheck> Checks)
{
    /// <summary>At least one signature from a trusted key verified.</summary>
    public bool IsTrusted => Checks.Any(c => c.Status == SignatureStatus.Valid);

    /// <summary>The names of the trusted keys whose signatures verified.</summary>
    public IReadOnlyList<string> ValidKeyNames =>
        [.. Checks.Where(c => c.Status == SignatureStatus.Valid).Select(c => c.KeyName)];
}
