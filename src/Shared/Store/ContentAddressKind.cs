namespace AsterFarm.Shared.Store;

/// <summary>The two kinds of content address Nix 2.8 writes in a narinfo's <c>CA</c> field.</summary>
public enum ContentAddressKind
{
    /// <summary><c>text:sha256:…</c>: a text file (<c>builtins.toFile</c>, <c>.drv</c>) addressed by the SHA-256 of its bytes.</summary>
    Text,

    /// <summary><c>fixed:[r:]algo:…</c>: a fixed-output or added path, addressed by a flat file hash or a NAR hash.</summary>
    Fixed,
}
