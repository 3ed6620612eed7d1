using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary>
/// <c>("out","/nix/store/…","r:sha256","&lt;base16&gt;")</c>: a fixed-output derivation's output, whose path follows
/// from the expected content hash alone.
/// </summary>
public sealed record FixedOutput(StorePath OutputPath, FileIngestionMethod Method, NixHash Hash) : DerivationOutput
{
    public override StorePath? Path => OutputPath;

    public override string HashAlgoField => MethodAlgo(Method, Hash.Algorithm);

    public override string HashField => Hash.ToBase16();
}
