namespace AsterFarm.Shared.Derivations.Outputs;

/// <summary><c>("out","","","")</c>: input-addressed, but its path cannot be computed yet because an input floats.</summary>
public sealed record DeferredOutput : DerivationOutput
{
    public static readonly DeferredOutput Instance = new();
}
