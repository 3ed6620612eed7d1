using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsterFarm.Hosting.Telemetry;

/// <summary>
/// The one <see cref="ActivitySource"/> and the one <see cref="Meter"/> every AsterFarm span and instrument comes
/// from; <see cref="TelemetryRegistration"/> subscribes exporters to both by name.
/// </summary>
public static class AsterFarmTelemetry
{
    public static ActivitySource Source { get; } = new(TelemetryNames.ActivitySource);

    public static Meter Meter { get; } = new(TelemetryNames.Meter);
}
