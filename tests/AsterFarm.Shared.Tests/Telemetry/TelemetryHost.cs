using AsterFarm.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Shared.Tests.Telemetry;

/// <summary>A Kestrel host on a free loopback port with AsterFarm's telemetry registered, as a node has it.</summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TelemetryHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplication>? map = null)
    {
        var web = WebApplication.CreateSlimBuilder();
        web.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        web.WebHost.UseUrls("http://127.0.0.1:0");
        web.Services.AddAsterFarmTelemetry("asterfarm-test", web.Configuration);
        var app = web.Build();
        app.MapAsterFarmMetrics();
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TelemetryHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
