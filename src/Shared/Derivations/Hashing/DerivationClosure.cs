using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Checks a closure of <c>.drv</c> files read as bytes (e.g. a directory of <c>&lt;hash&gt;-&lt;name&gt;.drv</c> files):
/// each file is read, parsed and hashed once, inputs before dependants, and yields a
/// <see cref="DerivationVerification"/>. Missing inputs, unparsable files and cycles throw
/// <see cref="DerivationClosureException"/> naming the path. Not thread-safe.
/// </summary>
public sealed class DerivationClosure
{
    private readonly Func<StorePath, byte[]?> _read;
    private readonly Dictionary<StorePath, StorePath> _computedDrvPaths = [];
    private readonly Dictionary<StorePath, DerivationVerification> _results = [];

    /// <param name="storeDir">The store the paths belong to.</param>
    /// <param name="read">Returns the bytes of the <c>.drv</c> file at a path, or null when it is missing.</param>
    public DerivationClosure(StoreDir storeDir, Func<StorePath, byte[]?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
        Hasher = new DerivationHasher(storeDir, Load);
    }

    public StoreDir StoreDir => Hasher.StoreDir;

    /// <summary>The hasher holding the memoised modulo hashes of everything verified so far.</summary>
    public DerivationHasher Hasher { get; }

    /// <summary>A closure over the <c>.drv</c> files in <paramref name="directory"/>, each named by its store base name.</summary>
    public static DerivationClosure FromDirectory(StoreDir storeDir, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new DerivationClosure(storeDir, path =>
        {
            var file = Path.Combine(directory, path.BaseName);
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        });
    }

    /// <summary>The <c>.drv</c> files in <paramref name="directory"/> whose names are valid store base names, sorted.</summary>
    public static IReadOnlyList<StorePath> ListDirectory(string directory) =>
        Directory.EnumerateFiles(directory, "*.drv")
            .Select(file => StorePath.TryParse(Path.GetFileName(file), out var path, out _) ? path : (StorePath?)null)
            .OfType<StorePath>()
            .Order()
            .ToArray();

    /// <summary>Verifies <paramref name="drvPath"/> and, first, every derivation in its closure not verified yet.</summary>
    public DerivationVerification Verify(StorePath drvPath)
    {
        if (!_results.TryGetValue(drvPath, out var result))
        {
            if (!Sequential && ParallelClosureVerifier.TryVerifyAll(this, _read, [drvPath], out _))
            {
                return _results[drvPath];
            }

            Hasher.HashModulo(drvPath, Visit);
            result = _results[drvPath];
        }

        return result;
    }

    /// <summary>Verifies the closures of all <paramref name="roots"/>; results come inputs first, each derivation once.</summary>
    public IReadOnlyList<DerivationVerification> VerifyAll(IEnumerable<StorePath> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var rootList = roots as IReadOnlyList<StorePath> ?? [.. roots];
        if (!Sequential && ParallelClosureVerifier.TryVerifyAll(this, _read, rootList, out var verified))
        {
            return verified;
        }

        // The sequential algorithm: reports a missing file, a cycle or a bad file exactly as it always has.
        var ordered = new List<DerivationVerification>();
        foreach (var root in rootList)
        {
            if (_results.ContainsKey(root))
            {
                continue;
            }

            Hasher.HashModulo(root, (path, drv, hash) =>
            {
                Visit(path, drv, hash);
                ordered.Add(_results[path]);
            });
        }

        return ordered;
    }

    /// <summary>
    /// Takes <paramref name="drvPath"/> as verified earlier by the caller, with <paramref name="unmaskedHash"/> its
    /// <c>hashDerivationModulo</c>: it is not read or checked again, and dependants' output paths are computed from
    /// this hash. Only for results the caller computed itself (e.g. by an earlier <see cref="VerifyAll"/>); it has no
    /// <see cref="DerivationVerification"/> here, so it must not be passed to <see cref="Verify"/> as a root.
    /// </summary>
    public void Trust(StorePath drvPath, DerivationModuloHash unmaskedHash)
    {
        ArgumentNullException.ThrowIfNull(unmaskedHash);
        Hasher.Memoise(drvPath, unmaskedHash);
    }

    /// <summary>The unmasked modulo hash of a derivation verified (or trusted) so far; null for any other path.</summary>
    public DerivationModuloHash? ModuloHashOf(StorePath drvPath) => Hasher.TryGetMemo(drvPath, out var hash) ? hash : null;

    /// <summary>Only the sequential model-based algorithm (tests compare it with the parallel fast path).</summary>
    internal bool Sequential { get; init; }

    internal bool HasResult(StorePath drvPath) => _results.ContainsKey(drvPath);

    internal void AddResult(DerivationVerification result) => _results[result.DrvPath] = result;

    /// <summary>Room for <paramref name="additional"/> more results (and memoised hashes) without rehashing on the way.</summary>
    internal void EnsureCapacity(int additional)
    {
        _results.EnsureCapacity(_results.Count + additional);
        Hasher.EnsureMemoCapacity(additional);
    }

    private void Visit(StorePath path, Derivation drv, DerivationModuloHash unmasked)
    {
        _ = unmasked;
        var outputPaths = Hasher.ComputeOutputPaths(drv);
        var mismatches = Hasher.CheckOutputs(drv, outputPaths);
        _results[path] = new DerivationVerification(path, _computedDrvPaths[path], outputPaths, mismatches);
        _computedDrvPaths.Remove(path);
    }

    private Derivation? Load(StorePath path)
    {
        if (_read(path) is not { } bytes)
        {
            return null;
        }

        var drv = DerivationParser.Parse(bytes, StoreDir);
        _computedDrvPaths[path] = DerivationHashes.DrvPath(StoreDir, drv, bytes);
        return drv;
    }
}
