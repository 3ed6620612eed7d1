using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary><c>("out","","r:sha256","impure")</c>: an impure derivation's output (experimental).</summary>
public sealed record ImpureOutput(FileIngestionMethod Method, HashAlgo Algorithm) : DerivationOutput
{
    public const string Marker = "impure";

    public override string HashAlgoField => MethodAlgo(Method, Algorithm);

    public override string HashField => Marker;
}
