using AsterFarm.Hosting.Telemetry;
using AsterFarm.Shared.Tests.Telemetry;

namespace AsterFarm.Integration.Tests.Telemetry;

/// <summary>Real Prometheus scrapes a node's <c>/metrics</c> and answers PromQL with what the node recorded.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_scrapes_a_nodes_metrics_and_promql_returns_the_value_it_set()
    {
        var name = "asterfarm.test.scrape." + Guid.NewGuid().ToString("N")[..8];
        await using var node = await TelemetryHost.StartAsync();
        AsterFarmTelemetry.Meter.CreateCounter<long>(name).Add(42);
        var gauge = 7;
        AsterFarmTelemetry.Meter.CreateObservableGauge(name + ".queue", () => gauge);
        await using var prometheus = await PrometheusServer.StartAsync(node.Address);

        var total = await prometheus.QueryUntilPresentAsync($"{name.Replace('.', '_')}_total{{job=\"asterfarm\"}}", TimeSpan.FromSeconds(60));
        var queue = await prometheus.QueryUntilPresentAsync($"{name.Replace('.', '_')}_queue", TimeSpan.FromSeconds(60));

        Assert.Equal("42", total);
        Assert.Equal("7", queue);
    }
}
