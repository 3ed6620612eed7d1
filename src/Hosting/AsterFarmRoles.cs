namespace AsterFarm.Hosting;

/// <summary>Akka cluster role names; part of the deployment contract (singletons and routers select by them).</summary>
public static class AsterFarmRoles
{
    /// <summary>Runs the scheduler singleton, a cache replica and the HTTP API.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Realises derivations.</summary>
    public const string Builder = "builder";
}
