using AsterFarm.Coordinator.Cli.Client;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>
/// Uploads the jobs' closures from this coordinator's Nix store to the farm's cache through this coordinator's own
/// cache API with the farm's token, the same path (<see cref="StoreUploader"/>) <c>asterfarm submit</c> takes, so the
/// replicated cache places and verifies them as it does any upload.
/// </summary>
internal sealed class HttpClosureUploader(IServer server, string? token, StoreDir storeDir) : IClosureUploader
{
    public async Task UploadAsync(IReadOnlyList<StorePath> drvs, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = OwnUrl(), Timeout = Timeout.InfiniteTimeSpan };
        await new StoreUploader(new BinaryCacheClient(http, token, storeDir), storeDir).UploadClosureAsync(drvs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where this node's server listens (read when used: a port of 0 is only known once bound), loopback for a wildcard address.</summary>
    private Uri OwnUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("this coordinator's HTTP server has no address to upload the jobs' closures to");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}
