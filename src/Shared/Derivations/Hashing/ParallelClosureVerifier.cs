using System.Collections.Concurrent;
using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// The fast path of <see cref="DerivationClosure.VerifyAll"/>: reads the whole closure (on the calling thread),
/// scans and drv-path-hashes the files in parallel, then computes modulo hashes, output paths and checks on all
/// cores in dependency order. Canonical files are hashed as slices of their bytes (<see cref="DrvLayout"/>);
/// the rest go through the parsed model exactly as before. Nothing is recorded unless the whole closure
/// succeeds: on a missing file, a cycle or any error the caller runs the sequential algorithm, which reports it
/// as it always has.
/// </summary>
internal sealed class ParallelClosureVerifier
{
    private static readonly OutputPathMismatch[] NoMismatches = [];

    private readonly DerivationClosure _closure;
    private readonly StoreDir _store;
    private readonly byte[] _storePrefix;
    private readonly Func<StorePath, byte[]?> _read;
    private readonly List<ClosureNode> _nodes = [];
    private readonly List<int> _frontier = [];
    private readonly BaseNameIndex _ids = new();
    private readonly DerivationHasher _modelHasher;
    private readonly Lock _modelLock = new();
    private HashedNode[] _hashed = [];
    private volatile bool _failed;

    private ParallelClosureVerifier(DerivationClosure closure, Func<StorePath, byte[]?> read)
    {
        _closure = closure;
        _store = closure.StoreDir;
        _storePrefix = Encoding.UTF8.GetBytes(_store.Path + "/");
        _read = read;
        _modelHasher = new DerivationHasher(_store, static _ => null);
    }

    /// <summary>Verifies the closures of <paramref name="roots"/> as the sequential algorithm would; false (with nothing recorded) on any problem.</summary>
    public static bool TryVerifyAll(
        DerivationClosure closure, Func<StorePath, byte[]?> read, IReadOnlyList<StorePath> roots, out List<DerivationVerification> ordered) =>
        new ParallelClosureVerifier(closure, read).Run(roots, out ordered);

    private bool Run(IReadOnlyList<StorePath> roots, out List<DerivationVerification> ordered)
    {
        ordered = [];
        var rootIds = new List<int>(roots.Count);
        foreach (var root in roots)
        {
            if (!_closure.HasResult(root) && NodeOf(root) is var id && !_nodes[id].Known)
            {
                rootIds.Add(id);
            }
        }

        if (!Discover() || Postorder(rootIds) is not { } order || !Hash(order))
        {
            return false;
        }

        ordered.Capacity = order.Count;
        _closure.EnsureCapacity(order.Count);
        foreach (var id in order)
        {
            var node = _nodes[id];
            _closure.Hasher.Memoise(node.Path, node.Modulo!);
            _closure.AddResult(node.Result!);
            ordered.Add(node.Result!);
        }

        return true;
    }

    private int NodeOf(StorePath path)
    {
        // Base names are ASCII (at most 32 + 1 + 211 characters).
        Span<byte> baseName = stackalloc byte[256];
        baseName = baseName[..Encoding.ASCII.GetBytes(path.BaseName, baseName)];
        if (_ids.Find(baseName) is var id and >= 0)
        {
            return id;
        }

        var node = new ClosureNode(path);
        if (_closure.Hasher.TryGetMemo(path, out var known))
        {
            node.Known = true;
            node.Modulo = known;
        }
        else
        {
            _frontier.Add(_nodes.Count);
        }

        _ids.Add(baseName);
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    private int NodeOf(ReadOnlySpan<byte> fullPath)
    {
        // Scanned paths are validated ASCII; look up without making a string for the ~17 references per file.
        var baseName = fullPath[_storePrefix.Length..];
        return _ids.Find(baseName) is var id and >= 0 ? id : NodeOf(StorePath.Parse(Encoding.ASCII.GetString(baseName)));
    }

    // Reads breadth-first; each wave of files is scanned and drv-path-hashed in parallel.
    private bool Discover()
    {
        while (_frontier.Count > 0)
        {
            var wave = _frontier.ToArray();
            _frontier.Clear();
            foreach (var id in wave)
            {
                if (_read(_nodes[id].Path) is not { } bytes)
                {
                    return false;
                }

                _nodes[id].Bytes = bytes;
            }

            Parallel.For(
                0,
                wave.Length,
                () => new DrvLayoutHasher(_store),
                (i, _, hasher) =>
                {
                    if (!_failed)
                    {
                        Guard(() => Prepare(_nodes[wave[i]], hasher));
                    }

                    return hasher;
                },
                static hasher => hasher.Dispose());
            if (_failed)
            {
                return false;
            }

            foreach (var id in wave)
            {
                LinkInputs(_nodes[id]);
            }
        }

        return true;
    }

    private void Prepare(ClosureNode node, DrvLayoutHasher hasher)
    {
        var bytes = node.Bytes!;
        if (DrvLayoutScanner.TryScan(bytes, _storePrefix) is { } layout)
        {
            node.Layout = layout;
            node.Name = DecodeEscaped(layout.Name.Of(bytes));
            var names = new string[layout.OutputNames.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = OutputName(layout.OutputNames[i].Of(bytes));
            }

            node.OutputNames = names;
            node.ComputedDrvPath = hasher.DrvPath(bytes, layout, node.Name);

            // Inputs seen before are linked here, on all cores (nothing is added to _ids during a wave);
            // LinkInputs adds the new ones afterwards, in order.
            var inputs = new int[layout.InputDrvPaths.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = _ids.Find(layout.InputDrvPaths[i].Of(bytes)[_storePrefix.Length..]);
            }

            node.Inputs = inputs;
        }
        else
        {
            var model = DerivationParser.Parse(bytes, _store);
            node.Model = model;
            node.Name = model.Name;
            node.OutputNames = model.Outputs.KeySpan.ToArray();
            node.ComputedDrvPath = DerivationHashes.DrvPath(_store, model, bytes);
        }
    }

    private void LinkInputs(ClosureNode node)
    {
        if (node.Layout is { } layout)
        {
            var inputs = node.Inputs;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] < 0)
                {
                    inputs[i] = NodeOf(layout.InputDrvPaths[i].Of(node.Bytes));
                }
            }
        }
        else
        {
            var paths = node.Model!.InputDrvs.KeySpan;
            var inputs = new int[paths.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = NodeOf(paths[i]);
            }

            node.Inputs = inputs;
        }
    }

    // Inputs before dependants, in the order the sequential depth-first traversal visits them; null on a cycle.
    private List<int>? Postorder(List<int> rootIds)
    {
        // 0 new, 1 on the stack, 2 done; memoised nodes start done (a compact array: no node is touched per reference).
        var state = new byte[_nodes.Count];
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = _nodes[i].Known ? (byte)2 : (byte)0;
        }

        var order = new List<int>(_nodes.Count);
        var stack = new Stack<(int Id, int Next)>();
        foreach (var root in rootIds)
        {
            if (state[root] == 2)
            {
                continue;
            }

            state[root] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var inputs = _nodes[id].Inputs;
                while (next < inputs.Length && state[inputs[next]] == 2)
                {
                    next++;
                }

                if (next < inputs.Length)
                {
                    var input = inputs[next];
                    if (state[input] == 1)
                    {
                        return null;
                    }

                    stack.Push((id, next + 1));
                    stack.Push((input, 0));
                    state[input] = 1;
                    continue;
                }

                state[id] = 2;
                order.Add(id);
            }
        }

        return order;
    }

    // Hashes every node once its inputs are hashed, on all cores.
    private bool Hash(List<int> order)
    {
        var pending = new int[_nodes.Count];
        var dependentStart = new int[_nodes.Count + 1];
        var known = new bool[_nodes.Count];
        for (var i = 0; i < known.Length; i++)
        {
            known[i] = _nodes[i].Known;
        }

        foreach (var id in order)
        {
            foreach (var input in _nodes[id].Inputs)
            {
                if (!known[input])
                {
                    pending[id]++;
                    dependentStart[input + 1]++;
                }
            }
        }

        for (var i = 0; i < _nodes.Count; i++)
        {
            dependentStart[i + 1] += dependentStart[i];
        }

        var dependents = new int[dependentStart[^1]];
        var fill = dependentStart.AsSpan(0, _nodes.Count).ToArray();
        foreach (var id in order)
        {
            foreach (var input in _nodes[id].Inputs)
            {
                if (!known[input])
                {
                    dependents[fill[input]++] = id;
                }
            }
        }

        _hashed = new HashedNode[_nodes.Count];
        var ready = new ConcurrentQueue<int>();
        foreach (var id in order)
        {
            if (pending[id] == 0)
            {
                ready.Enqueue(id);
            }
        }

        var remaining = order.Count;
        if (remaining == 0)
        {
            return true;
        }

        using var signal = new SemaphoreSlim(ready.Count);
        var workers = Math.Max(1, Environment.ProcessorCount);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var hasher = new DrvLayoutHasher(_store);
            while (true)
            {
                signal.Wait();
                if (_failed || Volatile.Read(ref remaining) == 0 || !ready.TryDequeue(out var id))
                {
                    // Pass the wake-up on so every worker sees the end.
                    signal.Release();
                    return;
                }

                if (!Guard(() => Process(id, hasher)))
                {
                    signal.Release();
                    return;
                }

                for (var d = dependentStart[id]; d < dependentStart[id + 1]; d++)
                {
                    if (Interlocked.Decrement(ref pending[dependents[d]]) == 0)
                    {
                        ready.Enqueue(dependents[d]);
                        signal.Release();
                    }
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    signal.Release();
                    return;
                }
            }
        });
        return !_failed;
    }

    private void Process(int id, DrvLayoutHasher hasher)
    {
        var node = _nodes[id];
        if (node.Layout is { } layout)
        {
            ProcessLayout(id, node, layout, hasher);
        }
        else
        {
            ProcessModel(node);
        }

        // The bytes are not needed any more; let a large closure be collected as it goes.
        node.Bytes = null;
        node.Layout = null;
        node.Model = null;
    }

    private void ProcessLayout(int id, ClosureNode node, DrvLayout layout, DrvLayoutHasher hasher)
    {
        var bytes = node.Bytes!;
        var names = node.OutputNames;
        Span<byte> unmasked = stackalloc byte[32];
        Span<byte> masked = stackalloc byte[32];
        var deferred = false;
        var paths = new StorePath?[names.Length];
        if (layout.IsFixedOutput)
        {
            // As in Nix, a fixed output's hash ignores the inputs (which still had to be hashed first).
            hasher.FixedHash(bytes, layout, unmasked);
            var algo = layout.FixedAlgo.Of(bytes);
            var recursive = algo.StartsWith("r:"u8);
            var algorithm = HashAlgoInfo.Parse(Encoding.ASCII.GetString(recursive ? algo[2..] : algo));
            var hash = new NixHash(algorithm, Convert.FromHexString(Encoding.ASCII.GetString(layout.FixedHash.Of(bytes))));
            paths[0] = _store.MakeFixedOutputPath(recursive ? FileIngestionMethod.Recursive : FileIngestionMethod.Flat, hash, node.Name);
        }
        else
        {
            hasher.EnsureWanted(layout.Wanted.Length);
            for (var i = 0; i < node.Inputs.Length; i++)
            {
                var inputId = node.Inputs[i];
                ref readonly var hashed = ref _hashed[inputId];
                deferred |= hashed.Done ? hashed.Deferred : _nodes[inputId].Modulo!.IsDeferred;
                for (var k = layout.WantedStart[i]; k < layout.WantedStart[i + 1]; k++)
                {
                    var found = hashed.Done
                        ? hashed.TryGetHash(_nodes[inputId], layout.Wanted[k].Of(bytes), hasher.WantedDigest(k))
                        : DigestOf(_nodes[inputId], layout.Wanted[k].Of(bytes), hasher.WantedDigest(k));
                    if (!found)
                    {
                        throw new InvalidOperationException("a wanted output does not exist; the sequential path reports it");
                    }
                }
            }

            hasher.ModuloHashes(bytes, layout, unmasked, deferred ? default : masked);
            if (!deferred)
            {
                var outputHash = new NixHash(HashAlgo.Sha256, masked);
                for (var i = 0; i < names.Length; i++)
                {
                    paths[i] = _store.MakeOutputPath(names[i], outputHash, node.Name);
                }
            }
        }

        var hashes = new NixHash[names.Length];
        Array.Fill(hashes, new NixHash(HashAlgo.Sha256, unmasked));
        node.Modulo = new DerivationModuloHash(new SortedArrayDictionary<string, NixHash>(names, hashes, Utf8OrdinalComparer.Instance), deferred);
        _hashed[id] = new HashedNode(unmasked, names, deferred);
        node.Result = new DerivationVerification(
            node.Path,
            node.ComputedDrvPath,
            new SortedArrayDictionary<string, StorePath?>(names, paths, Utf8OrdinalComparer.Instance),
            CheckOutputs(bytes, layout, names, paths));
    }

    // DerivationHasher.CheckOutputs on the layout: stated paths and env entries against the computed paths.
    private IReadOnlyList<OutputPathMismatch> CheckOutputs(byte[] bytes, DrvLayout layout, string[] names, StorePath?[] paths)
    {
        List<OutputPathMismatch>? mismatches = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (paths[i] is not { } path)
            {
                continue;
            }

            var stated = layout.OutputPaths[i].Of(bytes);
            if (!IsPrintedAs(stated, path))
            {
                mismatches ??= [];
                mismatches.Add(new OutputPathMismatch(names[i], "path", Encoding.UTF8.GetString(stated), _store.Print(path)));
            }

            var env = layout.OutputEnvValues[i];
            var statedEnv = env.IsNone ? default : env.Of(bytes);
            if (!IsPrintedAs(statedEnv, path))
            {
                mismatches ??= [];
                mismatches.Add(new OutputPathMismatch(names[i], "env", DecodeEscaped(statedEnv), _store.Print(path)));
            }
        }

        return mismatches is null ? NoMismatches : mismatches;
    }

    // stated == storeDir + "/" + path's base name, without printing the path (the usual case is a match).
    private bool IsPrintedAs(ReadOnlySpan<byte> stated, StorePath path) =>
        stated.StartsWith(_storePrefix) && Ascii.Equals(stated[_storePrefix.Length..], path.BaseName);

    // The model path, serialised: the private hasher is not thread-safe and learns each input's hash first.
    private void ProcessModel(ClosureNode node)
    {
        var drv = node.Model!;
        lock (_modelLock)
        {
            foreach (var input in node.Inputs)
            {
                _modelHasher.Memoise(_nodes[input].Path, _nodes[input].Modulo!);
            }

            var modulo = _modelHasher.ComputeUnmasked(node.Path, drv);
            var paths = _modelHasher.ComputeOutputPaths(drv);
            var mismatches = _modelHasher.CheckOutputs(drv, paths);
            node.Modulo = modulo;
            node.Result = new DerivationVerification(node.Path, node.ComputedDrvPath, paths, mismatches);
        }
    }

    // An input memoised before this run or hashed through the model: its (per-output) hash from the modulo object.
    private static bool DigestOf(ClosureNode input, ReadOnlySpan<byte> output, Span<byte> digest)
    {
        if (input.Modulo!.HexOf(Encoding.UTF8.GetString(output)) is not { } hex)
        {
            return false;
        }

        return hex.Length == digest.Length * 2 && Convert.FromHexString(hex, digest, out _, out _) == System.Buffers.OperationStatus.Done
            ? true
            : throw new InvalidOperationException("not a SHA-256 modulo hash; the sequential path handles it");
    }

    private static string OutputName(ReadOnlySpan<byte> utf8)
    {
        foreach (var common in HashedNode.CommonOutputs)
        {
            if (utf8.Length == common.Length && Ascii.Equals(utf8, common))
            {
                return common;
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    // Undoes the printer's escapes (the only ones a scanned layout contains).
    private static string DecodeEscaped(ReadOnlySpan<byte> escaped)
    {
        var backslash = escaped.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return Encoding.UTF8.GetString(escaped);
        }

        var plain = new byte[escaped.Length];
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b == '\\')
            {
                b = escaped[++i] switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    var other => other,
                };
            }

            plain[length++] = b;
        }

        return Encoding.UTF8.GetString(plain, 0, length);
    }

    // Any exception means "not on the fast path": the sequential run reproduces it with its usual message.
    private bool Guard(Action action)
    {
        try
        {
            action();
            return true;
        }
#pragma warning disable CA1031 // Deliberately broad: the sequential fallback rethrows whatever this was.
        catch (Exception)
#pragma warning restore CA1031
        {
            _failed = true;
            return false;
        }
    }
}
