namespace AsterFarm.Shared.Hashing;

/// <summary>The textual encodings Nix prints hashes in.</summary>
public enum HashEncoding
{
    Base16,
    Base32,
    Base64,

    /// <summary><c>algo-base64</c>, as in Subresource Integrity.</summary>
    Sri,
}
