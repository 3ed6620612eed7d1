using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>A chat server's webhook on Kestrel 127.0.0.1:0 that fails its first <c>failFirst</c> POSTs with 503, then records the bodies.</summary>
public sealed class WebhookServer(int failFirst) : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _calls;

    public ConcurrentQueue<string> Received { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public Uri Url { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            if (Interlocked.Increment(ref _calls) <= failFirst)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var reader = new StreamReader(context.Request.Body);
            Received.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await _app.StartAsync();
        Url = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
