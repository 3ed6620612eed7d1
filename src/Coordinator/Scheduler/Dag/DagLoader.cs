using System.Collections.Concurrent;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Dag;

/// <summary>
/// Loads a run's derivation graph from the cache, top down, one level of the closure at a time: each <c>.drv</c> is
/// read and parsed; a derivation whose outputs are all in the cache is marked cached and its inputs are not visited
/// (nothing below it needs building, as Nix substitutes); the others need their input derivations and their input
/// sources, which must be in the cache. Then every derivation to build is verified with its whole closure (read further
/// below cached ones as needed, <see cref="DerivationTrust"/>): its bytes hash to its path and its output paths are the
/// ones Nix computes, so the paths built and signed are the evaluator's. Problems are collected, not thrown.
/// </summary>
internal sealed class DagLoader(IBinaryCacheStore store, StoreDir storeDir)
{
    private const int Parallelism = 16;
    private const int MaxProblems = 64;

    public async Task<LoadedDag> LoadAsync(IReadOnlyCollection<StorePath> roots, CancellationToken cancellationToken)
    {
        var specs = new List<DerivationSpec>();
        var outputs = new Dictionary<DerivationId, IReadOnlyList<string>>();
        var problems = new List<string>();
        var seen = new HashSet<StorePath>();
        var texts = new ConcurrentDictionary<StorePath, byte[]>();
        var toBuild = new List<StorePath>();
        var frontier = new List<(StorePath Path, StorePath? NeededBy)>();
        foreach (var root in roots)
        {
            if (!root.IsDerivation)
            {
                problems.Add($"{storeDir.Print(root)} is not a derivation (.drv)");
            }
            else if (seen.Add(root))
            {
                frontier.Add((root, null));
            }
        }

        while (frontier.Count > 0 && problems.Count < MaxProblems)
        {
            var level = await ReadLevelAsync(frontier, texts, problems, cancellationToken).ConfigureAwait(false);
            var missingOutputs = await MissingOutputsAsync(level.Values, cancellationToken).ConfigureAwait(false);
            var sources = new Dictionary<StorePath, StorePath>();
            var next = new List<(StorePath, StorePath?)>();
            foreach (var (path, derivation) in level.OrderBy(entry => entry.Key))
            {
                var id = new DerivationId(path.BaseName);
                outputs[id] = [.. derivation.Outputs.Keys];
                var stated = derivation.Outputs.Values.Select(output => output.Path).ToList();
                var cached = stated.All(output => output is { } known && !missingOutputs.Contains(known));
                var dependencies = cached ? [] : derivation.InputDrvs.Keys.Select(input => new DerivationId(input.BaseName)).ToList();
                specs.Add(new DerivationSpec(
                    id, derivation.System, PackageName.FromDerivationName(derivation.Name), dependencies,
                    RequiredFeatures.Of(derivation), IsCached: cached));
                if (cached)
                {
                    continue;
                }

                toBuild.Add(path);

                foreach (var input in derivation.InputDrvs.Keys)
                {
                    if (seen.Add(input))
                    {
                        next.Add((input, path));
                    }
                }

                foreach (var source in derivation.InputSrcs)
                {
                    sources.TryAdd(source, path);
                }
            }

            foreach (var missing in await store.QueryMissingAsync(sources.Keys, cancellationToken).ConfigureAwait(false))
            {
                problems.Add($"missing source {storeDir.Print(missing)} (needed by {storeDir.Print(sources[missing])})");
            }

            frontier = next;
        }

        if (problems.Count == 0)
        {
            await ReadClosureAsync(texts, problems, cancellationToken).ConfigureAwait(false);
        }

        if (problems.Count == 0)
        {
            problems.AddRange(DerivationTrust.Check(storeDir, toBuild, path => texts.GetValueOrDefault(path), MaxProblems));
        }

        return new LoadedDag(specs, outputs, problems.Take(MaxProblems).ToList());
    }

    /// <summary>Reads what verification needs beyond the loaded DAG: the input derivations below cached ones, to the bottom.</summary>
    private async Task ReadClosureAsync(ConcurrentDictionary<StorePath, byte[]> texts, List<string> problems, CancellationToken cancellationToken)
    {
        var seen = new HashSet<StorePath>(texts.Keys);
        var frontier = new List<(StorePath Path, StorePath? NeededBy)>();
        void Visit(StorePath parent, Derivation derivation)
        {
            foreach (var input in derivation.InputDrvs.Keys.Where(seen.Add))
            {
                frontier.Add((input, parent));
            }
        }

        foreach (var (path, bytes) in texts.ToList())
        {
            Visit(path, DerivationParser.Parse(bytes, storeDir));
        }

        while (frontier.Count > 0 && problems.Count == 0)
        {
            var level = await ReadLevelAsync(frontier, texts, problems, cancellationToken).ConfigureAwait(false);
            frontier = [];
            foreach (var (path, derivation) in level)
            {
                Visit(path, derivation);
            }
        }
    }

    private async Task<Dictionary<StorePath, Derivation>> ReadLevelAsync(
        List<(StorePath Path, StorePath? NeededBy)> frontier,
        ConcurrentDictionary<StorePath, byte[]> texts,
        List<string> problems,
        CancellationToken cancellationToken)
    {
        var loaded = new ConcurrentDictionary<StorePath, Derivation>();
        var found = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            frontier,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var neededBy = item.NeededBy is { } parent ? $" (needed by {storeDir.Print(parent)})" : string.Empty;
                try
                {
                    var bytes = await CacheDerivationReader.ReadAsync(store, item.Path, token).ConfigureAwait(false);
                    if (bytes is null)
                    {
                        found.Add($"missing derivation {storeDir.Print(item.Path)}{neededBy}");
                        return;
                    }

                    if (!DerivationParser.TryParse(bytes, storeDir, out var derivation, out var error))
                    {
                        found.Add($"{storeDir.Print(item.Path)} does not parse: {error}");
                        return;
                    }

                    loaded[item.Path] = derivation;
                    texts[item.Path] = bytes;
                }
                catch (Exception error) when (error is InvalidDataException or IOException)
                {
                    found.Add($"{storeDir.Print(item.Path)} cannot be read from the cache: {error.Message}{neededBy}");
                }
            }).ConfigureAwait(false);
        problems.AddRange(found.Order(StringComparer.Ordinal));
        return new Dictionary<StorePath, Derivation>(loaded);
    }

    private async Task<HashSet<StorePath>> MissingOutputsAsync(IEnumerable<Derivation> derivations, CancellationToken cancellationToken)
    {
        var paths = derivations.SelectMany(d => d.Outputs.Values).Select(o => o.Path).OfType<StorePath>().Distinct().ToList();
        return paths.Count == 0 ? [] : [.. await store.QueryMissingAsync(paths, cancellationToken).ConfigureAwait(false)];
    }
}
