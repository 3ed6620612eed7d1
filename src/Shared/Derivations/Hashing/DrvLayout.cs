namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Where the fields of a canonical <c>.drv</c> file lie in its bytes — the "hashing view" that
/// <see cref="DrvLayoutHasher"/> hashes as slices of the original file instead of printing a parsed model again.
/// Only built by <see cref="DrvLayoutScanner"/> for files that <see cref="DerivationPrinter"/> would print back
/// byte for byte, so hashing the slices gives exactly the model-based results.
/// </summary>
internal sealed class DrvLayout
{
    public DrvLayout(
        ByteRange[] outputNames,
        ByteRange[] outputPaths,
        ByteRange fixedAlgo,
        ByteRange fixedHash,
        int inputDrvsStart,
        int inputDrvsEnd,
        ByteRange[] inputDrvPaths,
        int[] wantedStart,
        ByteRange[] wanted,
        ByteRange[] inputSrcs,
        ByteRange[] outputEnvValues,
        ByteRange name)
    {
        OutputNames = outputNames;
        OutputPaths = outputPaths;
        FixedAlgo = fixedAlgo;
        FixedHash = fixedHash;
        InputDrvsStart = inputDrvsStart;
        InputDrvsEnd = inputDrvsEnd;
        InputDrvPaths = inputDrvPaths;
        WantedStart = wantedStart;
        Wanted = wanted;
        InputSrcs = inputSrcs;
        OutputEnvValues = outputEnvValues;
        Name = name;
    }

    /// <summary>Output names, sorted; raw (no escapes, no bytes the env printer would escape).</summary>
    public ByteRange[] OutputNames { get; }

    /// <summary>Per output, its full path (empty for a deferred output).</summary>
    public ByteRange[] OutputPaths { get; }

    /// <summary>For a fixed-output derivation the canonical <c>[r:]algo</c> field, else <see cref="ByteRange.None"/>.</summary>
    public ByteRange FixedAlgo { get; }

    /// <summary>For a fixed-output derivation the lowercase base16 hash, else <see cref="ByteRange.None"/>.</summary>
    public ByteRange FixedHash { get; }

    public bool IsFixedOutput => !FixedAlgo.IsNone;

    /// <summary>Offset of the <c>[</c> opening the input derivations list.</summary>
    public int InputDrvsStart { get; }

    /// <summary>Offset just after the <c>]</c> closing the input derivations list.</summary>
    public int InputDrvsEnd { get; }

    /// <summary>Full paths of the input derivations, sorted.</summary>
    public ByteRange[] InputDrvPaths { get; }

    /// <summary>Input <c>i</c> wants <see cref="Wanted"/>[WantedStart[i]..WantedStart[i+1]] (one extra entry at the end).</summary>
    public int[] WantedStart { get; }

    public ByteRange[] Wanted { get; }

    /// <summary>Full paths of the input sources, sorted.</summary>
    public ByteRange[] InputSrcs { get; }

    /// <summary>Per output, the (escaped) value of the env entry of that name, or <see cref="ByteRange.None"/>.</summary>
    public ByteRange[] OutputEnvValues { get; }

    /// <summary>The (escaped) value of env <c>name</c>.</summary>
    public ByteRange Name { get; }
}
