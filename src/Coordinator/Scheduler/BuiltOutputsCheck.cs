using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Checks a builder's <see cref="BuildFinished"/> against the cache before the scheduler believes it: every output of
/// the derivation is named, and each named output's narinfo is in the cache (through this coordinator's own store,
/// which asks its peers) for that path, with the NAR hash and size the builder reported. A node that merely claims
/// success, or reports one upload and made another, does not release dependents.
/// </summary>
internal sealed class BuiltOutputsCheck(IBinaryCacheStore store, StoreDir storeDir)
{
    /// <summary>Null when the result holds; otherwise what does not, for the failed try's reason.</summary>
    /// <param name="expectedOutputs">The derivation's output names (empty when unknown: then only the named ones are checked).</param>
    /// <param name="reported">The outputs the builder reported.</param>
    /// <param name="cancellationToken">Stops the cache queries (the scheduler stopped).</param>
    public async Task<string?> CheckAsync(IReadOnlyList<string> expectedOutputs, IReadOnlyList<BuiltOutput> reported, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedOutputs);
        ArgumentNullException.ThrowIfNull(reported);
        if (expectedOutputs.FirstOrDefault(name => !reported.Any(output => output.Name == name)) is { } unnamed)
        {
            return $"the builder reported no output '{unnamed}' of the derivation";
        }

        foreach (var output in reported)
        {
            var path = storeDir.Print(output.Path);
            var stored = await store.GetNarInfoAsync(output.Path.HashPart, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.StorePath != output.Path)
            {
                return $"output '{output.Name}' {path} is not in the cache";
            }

            if (stored.NarHash != output.NarHash || (long)stored.NarSize != output.NarSize)
            {
                return $"output '{output.Name}' {path} is in the cache with NAR hash {stored.NarHash} ({stored.NarSize} bytes), "
                    + $"the builder reported NAR hash {output.NarHash} ({output.NarSize} bytes)";
            }
        }

        return null;
    }
}
