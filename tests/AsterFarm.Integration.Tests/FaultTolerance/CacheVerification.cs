using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// Checks a farm's cache against real Nix: the derivations are realised by <c>nix-store --realise</c> locally, and every
/// output's narinfo in the cache must carry the NAR hash Nix computed, and its NAR, downloaded, must hash to it.
/// </summary>
internal static class CacheVerification
{
    /// <summary>The problems found with <paramref name="derivations"/>' outputs in the cache at <paramref name="cache"/>; empty when all match.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(Uri cache, StorePath root, IReadOnlyList<StorePath> derivations)
    {
        NixTool.Run("nix-store", "--realise", NixDerivations.Store.Print(root));
        var outputs = NixTool.Run("nix-store", ["--query", "--outputs", .. derivations.Select(NixDerivations.Store.Print)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NixDerivations.Store.Parse).ToList();
        var hashes = NixTool.Run("nix-store", ["--query", "--hash", .. outputs.Select(NixDerivations.Store.Print)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var http = new HttpClient { BaseAddress = cache, Timeout = TimeSpan.FromSeconds(30) };
        var client = new BinaryCacheClient(http, storeDir: NixDerivations.Store);
        var problems = new List<string>();
        foreach (var (output, nixHash) in outputs.Zip(hashes))
        {
            var narInfo = await client.GetNarInfoAsync(output);
            if (narInfo is null)
            {
                problems.Add($"{output}: not in the cache");
                continue;
            }

            if (narInfo.NarHash.ToString() != nixHash.Trim())
            {
                problems.Add($"{output}: the cache says {narInfo.NarHash}, nix says {nixHash}");
            }

            var download = await client.DownloadNarAsync(narInfo, Stream.Null);
            if (!download.IsVerified)
            {
                problems.Add($"{output}: its NAR does not verify: {download.Status} {download.Message}");
            }
        }

        return outputs.Count == derivations.Count ? problems : [.. problems, $"{derivations.Count} derivations but {outputs.Count} outputs"];
    }
}
