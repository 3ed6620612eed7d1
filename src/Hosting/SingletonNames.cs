namespace AsterFarm.Hosting;

/// <summary>Actor names of cluster singletons and their proxies; every node must agree on them.</summary>
public static class SingletonNames
{
    /// <summary>The scheduler singleton (on <see cref="AsterFarmRoles.Coordinator"/> nodes).</summary>
    public const string Scheduler = "scheduler";

    /// <summary>The proxy through which builders and the HTTP edge reach the scheduler.</summary>
    public const string SchedulerProxy = "scheduler-proxy";

    /// <summary>The jobsets singleton (on <see cref="AsterFarmRoles.Coordinator"/> nodes, beside the scheduler).</summary>
    public const string Jobsets = "jobsets";
}
