using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary>
/// One output of a derivation, in the shapes a Nix 2.8 <c>.drv</c> can hold (nix-formats.md §3.3).
/// The ATerm tuple is <c>(name, path, hashAlgo, hash)</c>; each subtype fixes which of them are filled.
/// </summary>
public abstract record DerivationOutput
{
    private protected DerivationOutput()
    {
    }

    /// <summary>The output path stated in the <c>.drv</c>, or null when the shape has none.</summary>
    public virtual StorePath? Path => null;

    /// <summary>The third tuple field: <c>[r:]algo</c> or empty.</summary>
    public virtual string HashAlgoField => string.Empty;

    /// <summary>The fourth tuple field: base16 hash, <c>impure</c> or empty.</summary>
    public virtual string HashField => string.Empty;

    /// <summary><c>r:sha256</c> for recursive ingestion, <c>sha256</c> for flat.</summary>
    public static string MethodAlgo(FileIngestionMethod method, HashAlgo algorithm) =>
        method == FileIngestionMethod.Recursive ? "r:" + algorithm.Name() : algorithm.Name();
}
