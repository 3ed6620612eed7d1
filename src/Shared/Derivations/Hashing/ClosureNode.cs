using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>One derivation of a closure being verified by <see cref="ParallelClosureVerifier"/>.</summary>
internal sealed class ClosureNode(StorePath path)
{
    public StorePath Path { get; } = path;

    /// <summary>The file, until the node is hashed.</summary>
    public byte[]? Bytes { get; set; }

    /// <summary>The hashing view, when the file is canonical; else <see cref="Model"/> is used.</summary>
    public DrvLayout? Layout { get; set; }

    public Derivation? Model { get; set; }

    /// <summary>Node indices of the input derivations, in the file's (sorted) order.</summary>
    public int[] Inputs { get; set; } = [];

    public string Name { get; set; } = string.Empty;

    public string[] OutputNames { get; set; } = [];

    public StorePath ComputedDrvPath { get; set; }

    /// <summary>The unmasked modulo hash: memoised before this run, or computed by it.</summary>
    public DerivationModuloHash? Modulo { get; set; }

    /// <summary>Hashed before this run: not verified again.</summary>
    public bool Known { get; set; }

    public DerivationVerification? Result { get; set; }
}
