using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Coordinator.Tests.Api;

/// <summary>
/// Every route that can change state is behind the one token filter: a new route mapped without
/// <see cref="TokenRouteExtensions.RequireToken{TBuilder}"/> fails here instead of being an open write.
/// </summary>
public sealed class RouteAccessTests : IDisposable
{
    private static readonly HashSet<string> ReadOnlyMethods = new(StringComparer.OrdinalIgnoreCase) { HttpMethods.Get, HttpMethods.Head };

    // Token rules that guard a change of state; a read rule on a mutating route must be named here, with why.
    private static readonly HashSet<TokenRule> WriteRules = [TokenRule.Write, TokenRule.WriteWhenConfigured, TokenRule.DashboardAction];

    // POST routes that only read: the cache's missing-paths query (a read: it reveals what the cache holds).
    private static readonly HashSet<string> ReadingPosts = new(StringComparer.Ordinal) { "/api/v1/missing" };

    private const string FallbackPattern = "/{*path:nonfile}";

    private readonly TempDirectory _dir = new("asterfarm-routes");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_mutating_route_of_a_coordinator_carries_the_token_filter()
    {
        await using var app = CoordinatorNode.CreateBuilder(
            new NodeOverrides("127.0.0.1", "127.0.0.1", 0, [], "127.0.0.1", 0),
            new Dictionary<string, string?>
            {
                ["AsterFarm:Cache:Directory"] = _dir.Combine("cache"),

                // With a token the coordinator also maps the replication routes between replicas.
                ["AsterFarm:Cache:TokenFile"] = TokenFile(),
            }).Build();

        var endpoints = Endpoints(app);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/runs" && Methods(e).Contains(HttpMethods.Post));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == ReplicationConstants.MissingRoute);
        AssertMutatingRoutesNeedTheToken(endpoints);
    }

    [Fact]
    public async Task Every_mutating_route_of_a_standalone_replicated_cache_carries_the_token_filter()
    {
        await using var app = CacheServer.Build(new Dictionary<string, string?>
        {
            ["AsterFarm:Cache:Directory"] = _dir.Combine("standalone"),
            ["AsterFarm:Cache:TokenFile"] = TokenFile(),
            ["AsterFarm:Cache:Listen"] = "127.0.0.1:0",
            ["AsterFarm:Cache:Peers"] = "http://127.0.0.1:1,http://127.0.0.1:2",
        });

        var endpoints = Endpoints(app);

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/nar/{file}" && Methods(e).Contains(HttpMethods.Put));
        AssertMutatingRoutesNeedTheToken(endpoints);
    }

    private static void AssertMutatingRoutesNeedTheToken(IReadOnlyList<RouteEndpoint> endpoints)
    {
        var open = endpoints
            .Where(endpoint => !Methods(endpoint).All(ReadOnlyMethods.Contains))
            .Where(endpoint => !IsGuarded(endpoint, endpoint.Metadata.GetOrderedMetadata<TokenRequirement>()))
            .Select(endpoint => $"{string.Join(",", Methods(endpoint))} {endpoint.RoutePattern.RawText}")
            .ToList();

        Assert.True(open.Count == 0, "routes that change state without the token filter: " + string.Join("; ", open));
    }

    private static bool IsGuarded(RouteEndpoint endpoint, IReadOnlyList<TokenRequirement> rules) =>
        rules.Any(requirement => WriteRules.Contains(requirement.Rule))

        // A reading POST, and the cache's fallback (404 to any method), are behind the read rule and change nothing.
        || (rules.Count > 0 && (ReadingPosts.Contains(endpoint.RoutePattern.RawText!) || endpoint.RoutePattern.RawText == FallbackPattern));

    private static List<RouteEndpoint> Endpoints(IEndpointRouteBuilder app) =>
        [.. app.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()];

    // No method metadata: the route answers every method.
    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];

    private string TokenFile()
    {
        var path = _dir.Combine("token-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "route-access-test-token");
        return path;
    }
}
