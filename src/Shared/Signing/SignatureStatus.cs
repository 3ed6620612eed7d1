namespace AsterFarm.Shared.Signing;

/// <summary>What became of one <c>Sig</c> line when checked against the trusted keys.</summary>
public enum SignatureStatus
{
    /// <summary>Made by a trusted key over this narinfo's fingerprint.</summary>
    Valid,

    /// <summary>Names a trusted key but does not verify (tampered narinfo or signature).</summary>
    Invalid,

    /// <summary>Names a key that is not trusted; ignored, as Nix ignores it.</summary>
    UnknownKey,

    /// <summary>Not <c>name:base64(64 bytes)</c>.</summary>
    Malformed,
}
