using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Hosting;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>The run API on a real one-node coordinator (cluster, scheduler singleton, cache) on Kestrel 127.0.0.1:0.</summary>
public sealed class RunsApiTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "asterfarm-api-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private TestDerivations _drvs = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "scratch"));
        var port = FreePort();
        _app = CoordinatorNode.CreateBuilder(
            new NodeOverrides("127.0.0.1", "127.0.0.1", port, [$"akka.tcp://asterfarm@127.0.0.1:{port}"], "127.0.0.1", 0),
            new Dictionary<string, string?> { ["AsterFarm:Cache:Directory"] = Path.Combine(_directory, "cache") }).Build();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address + "/") };
        _drvs = new TestDerivations(_app.Services.GetRequiredService<IBinaryCacheStore>(), Path.Combine(_directory, "scratch"));
        using var ready = new CancellationTokenSource(Wait);
        while ((await _http.GetAsync(new Uri(HealthPaths.Ready, UriKind.Relative), ready.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, ready.Token);
        }
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_submitted_run_is_accepted_and_its_status_says_why_it_waits()
    {
        var drv = await _drvs.AddAsync("hello-1.0", system: "riscv64-linux");

        var submitted = await SubmitAsync(drv.ToString());

        Assert.True(submitted.Accepted, submitted.Reason);
        Assert.Equal(1, submitted.Derivations);
        var status = await AwaitStatusAsync(submitted.Run, s => s.Builds.Count == 1);
        Assert.Equal("Running", status.State);
        var build = Assert.Single(status.Builds);
        Assert.Equal(("/nix/store/" + drv.BaseName, "Waiting", "no builder offers riscv64-linux"), (build.DrvPath, build.State, build.Reason));
        Assert.Equal(new SystemView("riscv64-linux", 0, 1, 0, 0, 0), Assert.Single(status.Systems));
        var runs = await _http.GetFromJsonAsync<List<RunStatusView>>("api/v1/runs");
        Assert.Contains(runs!, run => run.Run == submitted.Run);
    }

    [Fact]
    public async Task A_run_with_a_derivation_missing_from_the_cache_is_rejected_with_422_naming_it()
    {
        var ghost = await _drvs.AddAsync("ghost-1.0", upload: false);

        using var response = await _http.PostAsJsonAsync("api/v1/runs", new RunSubmitRequest(["/nix/store/" + ghost.BaseName]));
        var body = await response.Content.ReadFromJsonAsync<RunSubmitResponse>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(body!.Accepted);
        Assert.Contains(body.Problems, p => p.Contains(ghost.BaseName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_event_stream_starts_with_the_run_status()
    {
        var drv = await _drvs.AddAsync("stream-1.0");
        var submitted = await SubmitAsync(drv.ToString());

        using var response = await _http.GetAsync(new Uri($"api/v1/runs/{submitted.Run}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: status", await reader.ReadLineAsync());
        Assert.Contains(submitted.Run, await reader.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_reports_cancelled_and_its_event_stream_ends()
    {
        var drv = await _drvs.AddAsync("cancel-me-1.0");
        var submitted = await SubmitAsync(drv.ToString());

        using var cancel = await _http.PostAsync(new Uri($"api/v1/runs/{submitted.Run}/cancel", UriKind.Relative), null);
        var events = await _http.GetStringAsync(new Uri($"api/v1/runs/{submitted.Run}/events", UriKind.Relative));

        Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<RunStatusView>())!.State);
        Assert.Contains("\"state\":\"Cancelled\"", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_malformed_run_ids_are_404_and_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri($"api/v1/runs/{Guid.NewGuid():N}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync(new Uri("api/v1/runs/not-a-run", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_log_route_redirects_to_the_cache_log_of_the_derivation()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _http.BaseAddress };

        using var response = await noRedirect.GetAsync(new Uri("api/v1/logs/nix/store/0123456789abcdfghijklmnpqrsvwxyz-a-1.0.drv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/log/0123456789abcdfghijklmnpqrsvwxyz-a-1.0.drv", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task The_nodes_api_shows_the_members_and_each_registered_builder_with_its_capabilities()
    {
        var system = _app.Services.GetRequiredService<ActorSystem>();
        var scheduler = await _app.Services.GetRequiredService<IRequiredActor<SchedulerActorKey>>().GetAsync();
        var builder = system.ActorOf(Akka.TestKit.TestActors.BlackHoleActor.Props, "api-test-builder");
        var capabilities = new BuilderCapabilities(["x86_64-linux"], [new EmulatedSystem("riscv64-linux", 5)], ["big-parallel"], 2, 1, "test", "http://127.0.0.1:1/", 1);
        scheduler.Tell(new RegisterBuilder(new NodeName("api-builder"), capabilities, []), builder);

        using var timeout = new CancellationTokenSource(Wait);
        List<ClusterNodeView> nodes;
        do
        {
            await Task.Delay(50, timeout.Token);
            nodes = (await _http.GetFromJsonAsync<List<ClusterNodeView>>(ClusterApi.NodesPath.TrimStart('/'), timeout.Token))!;
        }
        while (!nodes.Any(n => n.Builder is not null));

        Assert.Contains(nodes, n => n.Roles.Contains("coordinator") && n.Status == "Up" && n.Builder is null && n.SchedulerHost);
        Assert.Single(nodes, n => n.SchedulerHost);
        var view = nodes.Single(n => n.Builder is not null).Builder!;
        Assert.Equal(("api-builder", 2, 2), (view.Name, view.Slots, view.FreeSlots));
        Assert.Equal(["x86_64-linux"], view.NativeSystems);
        Assert.Equal(new EmulatedSystemView("riscv64-linux", 5), Assert.Single(view.EmulatedSystems));
        Assert.Equal(["big-parallel"], view.Features);
        Assert.Empty(view.Running);
    }

    [Fact]
    public async Task A_run_submitted_without_keep_going_stops_at_its_first_failure_and_reports_the_rest_cancelled()
    {
        var broken = await _drvs.AddAsync("broken-1.0");
        var other = await _drvs.AddAsync("other-1.0");
        var system = _app.Services.GetRequiredService<ActorSystem>();
        var scheduler = await _app.Services.GetRequiredService<IRequiredActor<SchedulerActorKey>>().GetAsync();
        var stopped = new TaskCompletionSource<StorePath>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = system.ActorOf(Props.Create(() => new FailingBuilder(broken, stopped)), "keep-going-builder");
        var capabilities = new BuilderCapabilities(["x86_64-linux"], [], [], 2, 1, "test", "http://127.0.0.1:1/", 1);
        scheduler.Tell(new RegisterBuilder(new NodeName("keep-going-builder"), capabilities, []), builder);

        using var response = await _http.PostAsJsonAsync("api/v1/runs", new RunSubmitRequest(["/nix/store/" + broken, "/nix/store/" + other], KeepGoing: false));
        var submitted = (await response.Content.ReadFromJsonAsync<RunSubmitResponse>())!;

        var status = await AwaitStatusAsync(submitted.Run, s => s.State == "Failed");
        var builds = status.Builds.ToDictionary(b => b.DrvPath);
        Assert.Equal(("Failed", "Build"), (builds["/nix/store/" + broken].State, builds["/nix/store/" + broken].Cause));
        Assert.Equal(("Cancelled", "Cancelled"), (builds["/nix/store/" + other].State, builds["/nix/store/" + other].Cause));
        Assert.Equal(other, await stopped.Task.WaitAsync(Wait));
    }

    [Theory]
    [InlineData("""{"roots":[null]}""", "roots[0]")]
    [InlineData("""{"roots":null}""", "roots")]
    [InlineData("""{"roots":["/nix/store/x.drv", 3]}""", "not valid JSON")]
    [InlineData("""{"roots":""", "not valid JSON")]
    public async Task A_malformed_submission_is_a_400_naming_the_field(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(new Uri("api/v1/runs", UriKind.Relative), content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_submission_that_is_not_json_is_a_415(string? contentType)
    {
        using var content = new ByteArrayContent("""{"roots":["/nix/store/x.drv"]}"""u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await _http.PostAsync(new Uri("api/v1/runs", UriKind.Relative), content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("application/json", text, StringComparison.Ordinal);
    }

    private async Task<RunSubmitResponse> SubmitAsync(string drvPath)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/runs", new RunSubmitRequest(["/nix/store/" + drvPath]));
        return (await response.Content.ReadFromJsonAsync<RunSubmitResponse>())!;
    }

    private async Task<RunStatusView> AwaitStatusAsync(string run, Func<RunStatusView, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var status = (await _http.GetFromJsonAsync<RunStatusView>($"api/v1/runs/{run}", timeout.Token))!;
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A builder that fails one derivation at once, keeps building anything else, and reports what it is told to stop.</summary>
    private sealed class FailingBuilder : ReceiveActor
    {
        public FailingBuilder(StorePath broken, TaskCompletionSource<StorePath> stopped)
        {
            var leases = new Dictionary<LeaseId, StorePath>();
            Receive<BuilderRegistered>(_ => { });
            Receive<DispatchBuild>(dispatch =>
            {
                leases[dispatch.Lease] = dispatch.DrvPath;
                if (dispatch.DrvPath == broken)
                {
                    Sender.Tell(new BuildFailed(
                        dispatch.Lease, dispatch.DrvPath, new NodeName("keep-going-builder"), FailureClass.Build, "builder exited with code 2", string.Empty, PhaseTimings.Zero, null));
                }
            });
            Receive<CancelBuild>(cancel => stopped.TrySetResult(leases[cancel.Lease]));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
