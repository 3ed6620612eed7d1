using Akka.Cluster.Hosting;
using Akka.Hosting;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Remote;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Builder.Hosting;

/// <summary>
/// The builder runtime of a builder node: its realisation services (<see cref="BuilderServices"/>), the scheduler
/// singleton's proxy and the <see cref="BuilderNodeActor"/> (<c>/user/builder</c>) that registers and runs builds.
/// Without a cache URL the node joins the cluster but does not register as a builder (it could not fetch or upload).
/// </summary>
internal static partial class BuilderNodeModule
{
    /// <summary>The node actor's name.</summary>
    public const string ActorName = "builder";

    public static void AddTo(AsterFarmNodeBuilder node)
    {
        var (options, sandbox) = BuilderConfiguration.Bind(node.Configuration);
        options.NodeName ??= $"{Environment.MachineName}-{node.ClusterOptions.PortFor(node.Role)}";
        node.Services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.CacheUrl))
        {
            node.ConfigureAkka((_, provider) =>
                NoCache(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BuilderNodeModule)), options.NodeName));
            return;
        }

        var cacheUrls = options.CacheUrls;
        // Read now, while configuring, so the variable is gone from the environment before anything is started.
        var token = WriteToken.Read(options.TokenFile);
        node.Services.AddSingleton(provider => BuilderServices.Create(
            options, sandbox, cacheUrls, token, EmulatorSelfCheck.Run(options, sandbox, provider.GetRequiredService<ILoggerFactory>())));
        // Read at startup: a malformed machines file stops the node with the file, line and column.
        node.Services.AddSingleton(RemoteMachineSetup.Load(node.Configuration, options));
        node.ConfigureAkka((akka, provider) => akka
            .WithSingletonProxy<SchedulerProxy>(SingletonNames.Scheduler, new ClusterSingletonOptions { Role = AsterFarmRoles.Coordinator })
            .WithActors((system, registry) =>
            {
                var services = provider.GetRequiredService<BuilderServices>();
                var remote = provider.GetRequiredService<RemoteMachineSetup>();
                var settings = new BuilderNodeActorSettings(
                    new NodeName(options.NodeName),
                    RemoteCapabilities.Include(AdvertisedCapabilities.From(options, services.Capabilities), remote.Machines),
                    options.RegistrationRetry,
                    options.ResultsKept);
                var liveLogs = new LiveBuildLogs();
                system.ActorOf(BuildLogActor.Props(liveLogs), GetBuildLog.ActorName);
                var actor = system.ActorOf(
                    BuilderNodeActor.Props(settings, registry.Get<SchedulerProxy>(), remote.Executor(services, options, liveLogs)),
                    ActorName);
                registry.Register<BuilderNodeActor>(actor);
            }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No cache configured (--cache or AsterFarm__Builder__CacheUrl): {Node} joins the cluster but builds nothing")]
    private static partial void NoCache(ILogger logger, string node);
}
