using System.Collections.Concurrent;
using System.Diagnostics;
using AsterFarm.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AsterFarm.Shared.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public async Task Metrics_answers_in_prometheus_text_format_with_a_value_the_node_set()
    {
        // The Meter is process-wide: a name of its own keeps other tests' instruments out of the assertion.
        var name = "asterfarm.test.registration." + Guid.NewGuid().ToString("N")[..8];
        await using var host = await TelemetryHost.StartAsync();
        var counter = AsterFarmTelemetry.Meter.CreateCounter<long>(name, unit: "{build}");
        counter.Add(42);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(TelemetryRegistration.MetricsPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"GET /metrics: {(int)response.StatusCode}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var metric = name.Replace('.', '_');
        Assert.Contains($"# TYPE {metric}_total counter", body, StringComparison.Ordinal);
        Assert.Contains(
            body.Split('\n'),
            line => line.StartsWith(metric + "_total{", StringComparison.Ordinal) && line.Contains("} 42", StringComparison.Ordinal)
                || line.StartsWith(metric + "_total 42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Spans_go_to_the_otlp_endpoint_named_by_the_standard_variable()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, long Length)>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await TelemetryHost.StartAsync(map: app => app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue((request.Path, request.ContentType, body.Length));
            arrived.TrySetResult();
            return Results.Ok();
        }));
        await using var node = await TelemetryHost.StartAsync(new Dictionary<string, string?>
        {
            [TelemetryRegistration.OtlpEndpointVariable] = receiver.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        using (var span = AsterFarmTelemetry.Source.StartActivity("otlp-probe", ActivityKind.Internal))
        {
            Assert.NotNull(span);
        }

        Assert.True(node.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "the tracer provider did not flush within 10 s");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var (path, contentType, length) = Assert.Single(received);
        Assert.Equal("/v1/traces", path);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.True(length > 0);
    }
}
