using AsterFarm.Coordinator.Cli.Farm;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>
/// Uploads the jobs' closures from this coordinator's Nix store to the farm's cache through this coordinator's own
/// cache API with the farm's token, the same path (<see cref="StoreUploader"/>) <c>asterfarm submit</c> takes, so the
/// replicated cache places and verifies them as it does any upload.
/// </summary>
internal sealed class HttpClosureUploader(Uri cacheUrl, string? token, StoreDir storeDir) : IClosureUploader
{
    public async Task UploadAsync(IReadOnlyList<StorePath> drvs, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = cacheUrl, Timeout = Timeout.InfiniteTimeSpan };
        await new StoreUploader(new BinaryCacheClient(http, token, storeDir), storeDir).UploadClosureAsync(drvs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>This node's own HTTP endpoint: loopback when it listens on every address.</summary>
    public static Uri OwnUrl(string host, int port) =>
        new($"http://{(host is "0.0.0.0" or "::" or "[::]" or "*" or "+" ? "127.0.0.1" : host)}:{port}/");
}
