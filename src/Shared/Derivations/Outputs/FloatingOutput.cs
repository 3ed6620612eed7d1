using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary><c>("out","","r:sha256","")</c>: a content-addressed output (experimental) whose path is known only after the build.</summary>
public sealed record FloatingOutput(FileIngestionMethod Method, HashAlgo Algorithm) : DerivationOutput
{
    public override string HashAlgoField => MethodAlgo(Method, Algorithm);
}
