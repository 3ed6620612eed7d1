using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using AsterFarm.Shared.Derivations.Aterm;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Nix's <c>hashDerivationModulo</c> and output-path computation over a closure of derivations
/// (nix-formats.md §5). Input derivations are obtained from the resolver once each and only their hashes are
/// kept (memoised per <c>.drv</c> path), so a large closure is hashed in memory proportional to its size in
/// paths, not in bytes. The traversal is iterative: deep dependency chains do not exhaust the stack.
/// Not thread-safe.
/// </summary>
public sealed class DerivationHasher
{
    private static readonly NixHash ImpureHash = NixHash.Sha256("impure");

    private readonly Func<StorePath, Derivation?> _resolve;
    private readonly Dictionary<StorePath, DerivationModuloHash> _memo = [];
    private readonly AtermWriter _writer = new(64 * 1024);
    private readonly List<(string Hex, string Output)> _inputScratch = [];

    /// <param name="storeDir">The store the paths belong to.</param>
    /// <param name="resolve">Returns the derivation stored at a <c>.drv</c> path, or null when it is missing.</param>
    public DerivationHasher(StoreDir storeDir, Func<StorePath, Derivation?> resolve)
    {
        ArgumentNullException.ThrowIfNull(storeDir);
        ArgumentNullException.ThrowIfNull(resolve);
        StoreDir = storeDir;
        _resolve = resolve;
    }

    public StoreDir StoreDir { get; }

    /// <summary>How many derivations have been hashed (and resolved) so far.</summary>
    public int HashedCount => _memo.Count;

    /// <summary>
    /// The unmasked modulo hash of the derivation at <paramref name="drvPath"/> — what dependants use — computing
    /// its whole closure first. <paramref name="visited"/>, if given, sees every newly hashed derivation once,
    /// inputs before dependants. Throws <see cref="DerivationClosureException"/> for a missing input or a cycle.
    /// </summary>
    public DerivationModuloHash HashModulo(StorePath drvPath, Action<StorePath, Derivation, DerivationModuloHash>? visited = null)
    {
        if (_memo.TryGetValue(drvPath, out var known))
        {
            return known;
        }

        var stack = new Stack<(StorePath Path, Derivation Drv, int Next)>();
        var onStack = new HashSet<StorePath>();
        stack.Push((drvPath, Resolve(drvPath, null), 0));
        onStack.Add(drvPath);
        while (stack.Count > 0)
        {
            var (path, drv, next) = stack.Pop();
            var inputs = drv.InputDrvs.KeySpan;
            while (next < inputs.Length && _memo.ContainsKey(inputs[next]))
            {
                next++;
            }

            if (next < inputs.Length)
            {
                var input = inputs[next];
                if (onStack.Contains(input))
                {
                    throw new DerivationClosureException(
                        $"dependency cycle: '{StoreDir.Print(input)}' depends on itself (via '{StoreDir.Print(path)}')");
                }

                stack.Push((path, drv, next + 1));
                stack.Push((input, Resolve(input, path), 0));
                onStack.Add(input);
                continue;
            }

            var hash = Compute(drv, maskOutputs: false, path);
            _memo[path] = hash;
            onStack.Remove(path);
            visited?.Invoke(path, drv, hash);
        }

        return _memo[drvPath];
    }

    internal bool TryGetMemo(StorePath drvPath, [NotNullWhen(true)] out DerivationModuloHash? hash) => _memo.TryGetValue(drvPath, out hash);

    internal void Memoise(StorePath drvPath, DerivationModuloHash hash) => _memo[drvPath] = hash;

    /// <summary>Room for <paramref name="additional"/> more memoised hashes without rehashing on the way.</summary>
    internal void EnsureMemoCapacity(int additional) => _memo.EnsureCapacity(_memo.Count + additional);

    /// <summary>The unmasked modulo hash of <paramref name="drv"/> (stored at <paramref name="drvPath"/>), its inputs memoised.</summary>
    internal DerivationModuloHash ComputeUnmasked(StorePath drvPath, Derivation drv) => Compute(drv, maskOutputs: false, drvPath);

    /// <summary>
    /// The modulo hash of <paramref name="derivation"/> itself; its input derivations are hashed (unmasked) as needed.
    /// With <paramref name="maskOutputs"/> this is the hash input-addressed output paths are made from.
    /// </summary>
    public DerivationModuloHash HashModulo(Derivation derivation, bool maskOutputs)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        foreach (var input in derivation.InputDrvs.KeySpan)
        {
            HashModulo(input);
        }

        return Compute(derivation, maskOutputs, null);
    }

    /// <summary>
    /// The output paths Nix computes for <paramref name="derivation"/>: from the masked modulo hash for
    /// input-addressed outputs, from the content hash for a fixed output; null where a path cannot be known
    /// (floating, impure, or deferred by a floating input).
    /// </summary>
    public SortedArrayDictionary<string, StorePath?> ComputeOutputPaths(Derivation derivation)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        var type = TypeOf(derivation, null);
        var names = derivation.Outputs.KeySpan;
        var paths = new StorePath?[names.Length];
        if (type == DerivationType.FixedOutput)
        {
            var fixedOutput = (FixedOutput)derivation.Outputs.ValueSpan[0];
            paths[0] = StoreDir.MakeFixedOutputPath(fixedOutput.Method, fixedOutput.Hash, derivation.Name);
        }
        else if (type is DerivationType.InputAddressed or DerivationType.DeferredInputAddressed)
        {
            var modulo = HashModulo(derivation, maskOutputs: true);
            for (var i = 0; !modulo.IsDeferred && i < names.Length; i++)
            {
                paths[i] = StoreDir.MakeOutputPath(names[i], modulo.OutputHashes.ValueSpan[i], derivation.Name);
            }
        }

        return new SortedArrayDictionary<string, StorePath?>(names.ToArray(), paths, Utf8OrdinalComparer.Instance);
    }

    /// <summary>
    /// Compares the output paths and <c>env[output]</c> entries stated in <paramref name="derivation"/> with the
    /// ones Nix computes (floating outputs: the placeholder in env); empty when all match.
    /// </summary>
    public IReadOnlyList<OutputPathMismatch> CheckOutputs(Derivation derivation)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        return CheckOutputs(derivation, ComputeOutputPaths(derivation));
    }

    internal IReadOnlyList<OutputPathMismatch> CheckOutputs(Derivation derivation, SortedArrayDictionary<string, StorePath?> computed)
    {
        var mismatches = new List<OutputPathMismatch>();
        var names = derivation.Outputs.KeySpan;
        var outputs = derivation.Outputs.ValueSpan;
        for (var i = 0; i < names.Length; i++)
        {
            string? expectedEnv = null;
            if (computed.ValueSpan[i] is { } path)
            {
                expectedEnv = StoreDir.Print(path);
                var stated = outputs[i].Path is { } s ? StoreDir.Print(s) : string.Empty;
                if (stated != expectedEnv)
                {
                    mismatches.Add(new OutputPathMismatch(names[i], "path", stated, expectedEnv));
                }
            }
            else if (outputs[i] is FloatingOutput)
            {
                expectedEnv = DerivationHashes.Placeholder(names[i]);
            }

            if (expectedEnv is not null)
            {
                var statedEnv = derivation.Env.TryGetValue(names[i], out var value) ? value : string.Empty;
                if (statedEnv != expectedEnv)
                {
                    mismatches.Add(new OutputPathMismatch(names[i], "env", statedEnv, expectedEnv));
                }
            }
        }

        return mismatches;
    }

    /// <summary>
    /// What the evaluator does last (nix-formats.md §5.2): for an input-addressed derivation, computes the output
    /// paths from the masked hash and writes them into the outputs and <c>env</c>; a fixed-output derivation gets
    /// its content-addressed path. Other derivations are returned unchanged.
    /// </summary>
    public Derivation FillInOutputPaths(Derivation derivation)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        var paths = ComputeOutputPaths(derivation);
        var names = derivation.Outputs.KeySpan;
        var outputs = derivation.Outputs.ValueSpan.ToArray();
        var env = derivation.Env.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var changed = false;
        for (var i = 0; i < names.Length; i++)
        {
            if (paths.ValueSpan[i] is not { } path)
            {
                continue;
            }

            outputs[i] = outputs[i] is FixedOutput f ? f with { OutputPath = path } : new InputAddressedOutput(path);
            env[names[i]] = StoreDir.Print(path);
            changed = true;
        }

        return changed
            ? derivation.With(
                new SortedArrayDictionary<string, DerivationOutput>(names.ToArray(), outputs, Utf8OrdinalComparer.Instance),
                env.ToNixOrderedDictionary())
            : derivation;
    }

    private Derivation Resolve(StorePath drvPath, StorePath? dependant)
    {
        Derivation? drv;
        try
        {
            drv = _resolve(drvPath);
        }
        catch (Exception e) when (e is DerivationFormatException or IOException or UnauthorizedAccessException)
        {
            throw new DerivationClosureException($"cannot read derivation '{StoreDir.Print(drvPath)}': {e.Message}", e);
        }

        return drv ?? throw new DerivationClosureException(dependant is { } d
            ? $"derivation '{StoreDir.Print(drvPath)}', an input of '{StoreDir.Print(d)}', is missing"
            : $"derivation '{StoreDir.Print(drvPath)}' is missing");
    }

    private DerivationType TypeOf(Derivation drv, StorePath? drvPath)
    {
        try
        {
            return drv.Type;
        }
        catch (InvalidOperationException e)
        {
            throw new DerivationClosureException(drvPath is { } p ? $"'{StoreDir.Print(p)}': {e.Message}" : e.Message, e);
        }
    }

    // hashDerivationModulo for a derivation whose inputs are all memoised.
    private DerivationModuloHash Compute(Derivation drv, bool maskOutputs, StorePath? drvPath)
    {
        var names = drv.Outputs.KeySpan;
        var hashes = new NixHash[names.Length];
        switch (TypeOf(drv, drvPath))
        {
            case DerivationType.FixedOutput:
                var fixedOutput = (FixedOutput)drv.Outputs.ValueSpan[0];
                hashes[0] = NixHash.Sha256(Encoding.UTF8.GetBytes(
                    $"fixed:out:{fixedOutput.HashAlgoField}:{fixedOutput.HashField}:{StoreDir.Print(fixedOutput.OutputPath)}"));
                return Result(names, hashes, isDeferred: false);
            case DerivationType.Impure:
                Array.Fill(hashes, ImpureHash);
                return Result(names, hashes, isDeferred: true);
        }

        var deferred = drv.Type == DerivationType.Floating;
        var replaced = ReplaceInputs(drv, drvPath, ref deferred);
        _writer.Clear();
        DerivationPrinter.Write(_writer, drv, StoreDir, maskOutputs, replaced);
        Array.Fill(hashes, new NixHash(HashAlgo.Sha256, SHA256.HashData(_writer.WrittenSpan)));
        return Result(names, hashes, deferred);
    }

    // The input derivations as hex modulo hash → wanted outputs, sorted by hex; equal hashes merge their outputs.
    private SortedArrayDictionary<string, SortedArraySet<string>> ReplaceInputs(Derivation drv, StorePath? drvPath, ref bool deferred)
    {
        var pairs = _inputScratch;
        pairs.Clear();
        var inputs = drv.InputDrvs.KeySpan;
        var wanted = drv.InputDrvs.ValueSpan;
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = _memo[inputs[i]];
            deferred |= input.IsDeferred;
            foreach (var output in wanted[i].Span)
            {
                var hex = input.HexOf(output) ?? throw new DerivationClosureException(
                    $"{(drvPath is { } p ? $"'{StoreDir.Print(p)}'" : $"derivation '{drv.Name}'")} wants output '{output}' of '{StoreDir.Print(inputs[i])}', which has no such output");
                pairs.Add((hex, output));
            }
        }

        pairs.Sort(static (a, b) =>
            string.CompareOrdinal(a.Hex, b.Hex) is var byHex and not 0 ? byHex : Utf8OrdinalComparer.Instance.Compare(a.Output, b.Output));
        var keys = new List<string>(inputs.Length);
        var values = new List<SortedArraySet<string>>(inputs.Length);
        for (var start = 0; start < pairs.Count;)
        {
            var end = start;
            var outputs = new List<string>();
            while (end < pairs.Count && pairs[end].Hex == pairs[start].Hex)
            {
                if (outputs.Count == 0 || outputs[^1] != pairs[end].Output)
                {
                    outputs.Add(pairs[end].Output);
                }

                end++;
            }

            keys.Add(pairs[start].Hex);
            values.Add(new SortedArraySet<string>([.. outputs], Utf8OrdinalComparer.Instance));
            start = end;
        }

        return new SortedArrayDictionary<string, SortedArraySet<string>>([.. keys], [.. values], StringComparer.Ordinal);
    }

    private static DerivationModuloHash Result(ReadOnlySpan<string> names, NixHash[] hashes, bool isDeferred) =>
        new(new SortedArrayDictionary<string, NixHash>(names.ToArray(), hashes, Utf8OrdinalComparer.Instance), isDeferred);
}
