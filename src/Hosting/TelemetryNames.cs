namespace AsterFarm.Hosting;

/// <summary>OpenTelemetry names: one ActivitySource and one Meter for all of AsterFarm, service names per role.</summary>
public static class TelemetryNames
{
    public const string ActivitySource = "AsterFarm";
    public const string Meter = "AsterFarm";

    public static string ServiceName(string role) => "asterfarm-" + role;
}
