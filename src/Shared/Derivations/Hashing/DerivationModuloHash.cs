using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// The result of Nix's <c>hashDerivationModulo</c> (nix-formats.md §5.1): one SHA-256 per output, and whether
/// it is deferred (the derivation or an input floats or is impure, so output paths cannot be known yet).
/// </summary>
public sealed class DerivationModuloHash
{
    private readonly string[] _hex;

    public DerivationModuloHash(SortedArrayDictionary<string, NixHash> outputHashes, bool isDeferred)
    {
        ArgumentNullException.ThrowIfNull(outputHashes);
        OutputHashes = outputHashes;
        IsDeferred = isDeferred;
        _hex = new string[outputHashes.Count];
    }

    public SortedArrayDictionary<string, NixHash> OutputHashes { get; }

    public bool IsDeferred { get; }

    /// <summary>The hash of <paramref name="outputName"/>; null when the derivation has no such output.</summary>
    public NixHash? TryGetHash(string outputName) =>
        OutputHashes.TryGetValue(outputName, out var hash) ? hash : null;

    /// <summary>Lowercase base16 of the output's hash, as used for the inputs of dependants (computed once).</summary>
    internal string? HexOf(string outputName)
    {
        var index = OutputHashes.IndexOf(outputName);
        if (index < 0)
        {
            return null;
        }

        return _hex[index] ??= OutputHashes.ValueSpan[index].ToBase16();
    }
}
