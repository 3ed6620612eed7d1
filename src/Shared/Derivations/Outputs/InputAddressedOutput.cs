using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary><c>("out","/nix/store/…","","")</c>: the path follows from the derivation's masked hash.</summary>
public sealed record InputAddressedOutput(StorePath OutputPath) : DerivationOutput
{
    public override StorePath? Path => OutputPath;
}
