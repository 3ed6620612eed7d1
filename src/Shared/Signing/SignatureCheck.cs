namespace AsterFarm.Shared.Signing;

/// <summary>The outcome for one <c>Sig</c> value.</summary>
/// <param name="Signature">The <c>Sig</c> value as written in the narinfo.</param>
/// <param name="KeyName">The key name before the first colon (empty if there is none).</param>
/// <param name="Status">Whether it verified, and if not, why.</param>
public sealed record SignatureCheck(string Signature, string KeyName, SignatureStatus Status);
