using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Coordinator.Up;
using AsterFarm.Hosting;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cli;

/// <summary>
/// <c>asterfarm up</c>: the whole farm on one machine. This process is the coordinator node (scheduler singleton,
/// cache, API) with its state in a local directory; the builders are <c>asterfarm-builder node</c> child processes
/// seeded to it (Coordinator and Builder never reference each other's code), supervised and stopped with it.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state") { Description = $"State directory: cache, signing key, token (env {UpState.StateVariable}; default ./{UpState.DefaultDirectory})" };
        var httpHost = new Option<string>("--http-host") { Description = "Address the API and cache bind to (default 127.0.0.1)", DefaultValueFactory = _ => "127.0.0.1" };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the API and cache (default 8080)", DefaultValueFactory = _ => DefaultPorts.CoordinatorHttp };
        var port = new Option<int>("--port") { Description = "Remoting port of the coordinator (default 4053)", DefaultValueFactory = _ => DefaultPorts.CoordinatorRemoting };
        var builders = new Option<int>("--builders") { Description = "Builder nodes to start (default 1; each offers what it finds on this machine)", DefaultValueFactory = _ => 1 };
        var slots = new Option<int>("--slots") { Description = "Builds each builder runs at once (default 0: one per processor)" };
        var pipelineSlots = new Option<int>("--pipeline-slots") { Description = "Dispatches each builder takes beyond --slots, fetching or uploading while the others build (default 0)" };
        var noEmulation = new Option<bool>("--no-emulation") { Description = "Builders offer only their native system, not riscv64-linux and aarch64-linux under QEMU" };
        var machines = new Option<string?>("--machines") { Description = "Nix/Hydra machines file of existing Nix machines the first builder also builds on, over SSH (default none)" };
        var command = new Command("up", "Run the farm on this machine: coordinator, cache and builders, until Ctrl-C") { state, httpHost, httpPort, port, builders, slots, pipelineSlots, noEmulation, machines };
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            var local = UpState.Open(parseResult.GetValue(state));
            var remoting = parseResult.GetValue(port);
            var seed = $"akka.tcp://asterfarm@127.0.0.1:{remoting}";
            var api = $"http://{parseResult.GetRequiredValue(httpHost)}:{parseResult.GetValue(httpPort)}";
            var node = CoordinatorNode.CreateBuilder(
                new NodeOverrides("127.0.0.1", "127.0.0.1", remoting, [seed], parseResult.GetRequiredValue(httpHost), parseResult.GetValue(httpPort)),
                new Dictionary<string, string?>(PersistenceFlags.LocalSqlite(local.Directory))
                {
                    [CacheOptions.SectionName + ":" + nameof(CacheOptions.Directory)] = local.CacheDirectory,
                    [CacheOptions.SectionName + ":" + nameof(CacheOptions.TokenFile)] = local.TokenFile,
                });
            var launches = Launches(
                parseResult.GetValue(builders), BuilderLaunch.FindBuilder(), seed, api, local.TokenFile, local.Directory, BuilderSettings(parseResult.GetValue(slots), parseResult.GetValue(pipelineSlots), parseResult.GetValue(noEmulation)));
            if (parseResult.GetValue(machines) is { } machinesFile && launches.Count > 0)
            {
                // One builder drives the machines: two would both count their slots.
                launches[0] = launches[0] with
                {
                    Environment = new Dictionary<string, string>(launches[0].Environment) { ["AsterFarm__Builder__Remote__MachinesFile"] = Path.GetFullPath(machinesFile) },
                };
            }

            node.Services.AddSingleton<IHostedService>(services => new BuilderSupervisor(launches, services.GetRequiredService<ILogger<BuilderSupervisor>>()));
            await using var app = node.Build();
            var cache = app.Services.GetRequiredService<IBinaryCacheStore>();
            Console.WriteLine($"AsterFarm is up; state in {local.Directory}");
            Console.WriteLine($"  dashboard:        {api}/");
            Console.WriteLine($"  API and cache:    {api}/  (ASTERFARM_COORDINATOR={api})");
            Console.WriteLine($"  cache public key: {cache.PublicKey}");
            Console.WriteLine($"  write token:      {local.TokenFile}  (asterfarm submit --token-file {local.TokenFile} …)");
            Console.WriteLine(launches.Count > 0
                ? $"  builders:         {string.Join(", ", launches.Select(l => l.Name))}"
                : $"  builders:         none (no asterfarm-builder next to this program; set {BuilderLaunch.BuilderVariable})");
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    // The builder's own configuration keys (asterfarm-builder node reads AsterFarm:Builder); an empty list value
    // replaces the default list.
    private static Dictionary<string, string> BuilderSettings(int slots, int pipelineSlots, bool noEmulation)
    {
        var settings = new Dictionary<string, string>();
        if (slots > 0)
        {
            settings["AsterFarm__Builder__Slots"] = slots.ToString(CultureInfo.InvariantCulture);
        }

        if (pipelineSlots > 0)
        {
            settings["AsterFarm__Builder__PipelineSlots"] = pipelineSlots.ToString(CultureInfo.InvariantCulture);
        }

        if (noEmulation)
        {
            settings["AsterFarm__Builder__EmulatedSystems"] = string.Empty;
        }

        return settings;
    }

    // The token goes by file path, never by value: a builder's environment is inherited by what it starts, and
    // readable in /proc by processes of the same user.
    internal static List<BuilderLaunch> Launches(
        int count,
        (string FileName, IReadOnlyList<string> Prefix)? builder,
        string seed,
        string cacheUrl,
        string tokenFile,
        string stateDirectory,
        Dictionary<string, string> builderSettings)
    {
        if (count <= 0 || builder is not { } program)
        {
            return [];
        }

        return [.. Enumerable.Range(1, count).Select(i =>
        {
            var name = $"up-builder-{i}";
            return new BuilderLaunch(name, program.FileName, [.. program.Prefix, "node"], new Dictionary<string, string>
            {
                ["AsterFarm__Cluster__Hostname"] = "127.0.0.1",
                ["AsterFarm__Cluster__PublicHostname"] = "127.0.0.1",
                ["AsterFarm__Cluster__Port"] = "0",
                ["AsterFarm__Cluster__SeedNodes__0"] = seed,
                ["AsterFarm__Http__Host"] = "127.0.0.1",
                ["AsterFarm__Http__Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["AsterFarm__Builder__NodeName"] = name,
                ["AsterFarm__Builder__StoreDirectory"] = Path.Combine(stateDirectory, name, "store"),
                ["AsterFarm__Builder__WorkDirectory"] = Path.Combine(stateDirectory, name, "work"),
                ["AsterFarm__Builder__CacheUrl"] = cacheUrl + "/",
                ["AsterFarm__Builder__TokenFile"] = tokenFile,
            }.Concat(builderSettings).ToDictionary());
        })];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
