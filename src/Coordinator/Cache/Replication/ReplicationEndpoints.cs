using System.Text;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Hosting;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>The node-to-node anti-entropy routes (token required): digests, range listings, missing hash parts.</summary>
public static class ReplicationEndpoints
{
    private const int MaxMissingBytes = 16 << 20;

    /// <summary>Maps <see cref="ReplicationConstants.DigestsRoute"/>, <see cref="ReplicationConstants.RangesRoute"/> and <see cref="ReplicationConstants.MissingRoute"/>.</summary>
    public static IEndpointRouteBuilder MapCacheReplication(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var peers = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.Write);
        peers.MapGet(ReplicationConstants.DigestsRoute, GetDigests);
        peers.MapGet(ReplicationConstants.RangesRoute + "/{prefix}", GetRange);
        peers.MapPost(ReplicationConstants.MissingRoute, PostMissing).WithRequestBodyLimit(MaxMissingBytes);
        return endpoints;
    }

    private static async Task<IResult> GetDigests(HttpContext context, CachePlacement placement, AntiEntropyRound round)
    {
        if (FindPeer(context, placement) is not { } peer)
        {
            return CacheResponses.BadRequest($"'{context.Request.Query[ReplicationConstants.PeerParameter]}' is not a cache member here");
        }

        var digests = await round.DigestsForAsync(peer, context.RequestAborted).ConfigureAwait(false);
        return Results.Text(RangeDigests.Print(digests.Values), CacheContentTypes.Text);
    }

    private static async Task<IResult> GetRange(string prefix, HttpContext context, CachePlacement placement, AntiEntropyRound round)
    {
        if (prefix.Length is 0 or > 3 || !prefix.All(Shared.Hashing.NixBase32.IsDigit))
        {
            return CacheResponses.BadRequest($"'{prefix}' is not a range prefix (1-3 base32 characters)");
        }

        if (FindPeer(context, placement) is not { } peer)
        {
            return CacheResponses.BadRequest($"'{context.Request.Query[ReplicationConstants.PeerParameter]}' is not a cache member here");
        }

        var hashParts = await round.RangeForAsync(peer, prefix, context.RequestAborted).ConfigureAwait(false);
        return Results.Text(string.Concat(hashParts.Select(h => h + "\n")), CacheContentTypes.Text);
    }

    private static async Task<IResult> PostMissing(HttpContext context, FileBinaryCacheStore local)
    {
        var body = await CacheRequests.ReadBoundedAsync(context.Request, MaxMissingBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return CacheResponses.TooLarge($"a missing query may be at most {MaxMissingBytes} bytes");
        }

        var missing = new StringBuilder();
        foreach (var hashPart in Encoding.ASCII.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!await local.HasNarInfoAsync(hashPart, context.RequestAborted).ConfigureAwait(false))
            {
                missing.Append(hashPart).Append('\n');
            }
        }

        return Results.Text(missing.ToString(), CacheContentTypes.Text);
    }

    private static CacheMember? FindPeer(HttpContext context, CachePlacement placement)
    {
        var id = context.Request.Query[ReplicationConstants.PeerParameter].ToString();
        return placement.Ring.Members.FirstOrDefault(m => m.Id == id);
    }
}
