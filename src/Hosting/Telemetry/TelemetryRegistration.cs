using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AsterFarm.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for a node: AsterFarm's spans and metrics plus ASP.NET Core and HttpClient instrumentation,
/// <c>/metrics</c> in Prometheus text format always, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (every standard <c>OTEL_*</c> variable then applies unchanged).
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The standard variable whose presence turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Where Prometheus scrapes a node.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers telemetry for the node's role and maps <see cref="MetricsPath"/>.</summary>
    public static AsterFarmNodeBuilder AddAsterFarmTelemetry(this AsterFarmNodeBuilder node)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Services.AddAsterFarmTelemetry(TelemetryNames.ServiceName(node.Role), node.Configuration);
        node.MapEndpoints(endpoints => endpoints.MapAsterFarmMetrics());
        return node;
    }

    public static IServiceCollection AddAsterFarmTelemetry(this IServiceCollection services, string serviceName, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(TelemetryNames.ActivitySource)
                    // Probes and scrapes every few seconds would bury the build traces.
                    .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsProbeOrScrape(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetryNames.Meter)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    // The exporter maps every method; a scrape is a read, so anything else is refused (405) rather than left open.
    public static IEndpointConventionBuilder MapAsterFarmMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.Ordinal)
        || path.StartsWithSegments(HealthPaths.Live, StringComparison.Ordinal)
        || path.StartsWithSegments(HealthPaths.Ready, StringComparison.Ordinal);
}
