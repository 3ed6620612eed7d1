namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// An output whose stated path (<see cref="Field"/> <c>path</c>) or <c>env</c> entry (<see cref="Field"/> <c>env</c>)
/// differs from what Nix would compute; Nix refuses to register such a derivation.
/// </summary>
public sealed record OutputPathMismatch(string OutputName, string Field, string Stated, string Computed)
{
    public override string ToString() => $"output '{OutputName}': {Field} is '{Stated}' but Nix computes '{Computed}'";
}
