namespace AsterFarm.Hosting;

/// <summary>HTTP paths of the health probes every node serves (Kubernetes liveness and readiness).</summary>
public static class HealthPaths
{
    /// <summary>200 while the process serves HTTP.</summary>
    public const string Live = "/healthz/live";

    /// <summary>200 while this node is an Up cluster member, 503 before and once it leaves.</summary>
    public const string Ready = "/healthz/ready";
}
