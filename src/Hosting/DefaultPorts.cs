namespace AsterFarm.Hosting;

/// <summary>Ports a node uses unless configured otherwise (different per role so one machine can run both).</summary>
public static class DefaultPorts
{
    public const int CoordinatorRemoting = 4053;
    public const int BuilderRemoting = 4054;
    public const int CoordinatorHttp = 8080;
    public const int BuilderHttp = 8081;

    public static int RemotingFor(string role) => role == AsterFarmRoles.Coordinator ? CoordinatorRemoting : BuilderRemoting;

    public static int HttpFor(string role) => role == AsterFarmRoles.Coordinator ? CoordinatorHttp : BuilderHttp;
}
