namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Routes and headers of node-to-node replication traffic.</summary>
public static class ReplicationConstants
{
    /// <summary>Marks a request from a peer: answer from (or store into) this node only, never forward.</summary>
    public const string LocalOnlyHeader = "X-AsterFarm-Replica";

    /// <summary>GET, <c>?peer=ID</c>: digests of the ranges both nodes replicate, one <c>prefix count digest</c> line each.</summary>
    public const string DigestsRoute = "/api/v1/replication/digests";

    /// <summary>GET <c>…/ranges/{prefix}?peer=ID</c>: the hash parts held in a range that both nodes replicate, one per line.</summary>
    public const string RangesRoute = "/api/v1/replication/ranges";

    /// <summary>POST hash parts, one per line: the ones this node has no narinfo for.</summary>
    public const string MissingRoute = "/api/v1/replication/missing";

    /// <summary>The query parameter naming the asking member.</summary>
    public const string PeerParameter = "peer";

    /// <summary>The named <see cref="HttpClient"/> for peers.</summary>
    public const string HttpClientName = "asterfarm-cache-peers";
}
