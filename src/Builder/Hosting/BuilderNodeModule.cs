using Akka.Cluster.Hosting;
using Akka.Hosting;
using AsterFarm.Builder.Node;
using AsterFarm.Shared.Hosting;
using AsterFarm.Shared.Protocol;
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
        node.Services.AddSingleton(provider => BuilderServices.Create(
            options, sandbox, cacheUrls, ReadToken(options), EmulatorSelfCheck.Run(options, sandbox, provider.GetRequiredService<ILoggerFactory>())));
        node.ConfigureAkka((akka, provider) => akka
            .WithSingletonProxy<SchedulerProxy>(SingletonNames.Scheduler, new ClusterSingletonOptions { Role = AsterFarmRoles.Coordinator })
            .WithActors((system, registry) =>
            {
                var services = provider.GetRequiredService<BuilderServices>();
                var settings = new BuilderNodeActorSettings(
                    new NodeName(options.NodeName),
                    AdvertisedCapabilities.From(options, services.Capabilities),
                    options.RegistrationRetry,
                    options.ResultsKept);
                var actor = system.ActorOf(
                    BuilderNodeActor.Props(settings, registry.Get<SchedulerProxy>(), new RealiserBuildExecutor(services.Realiser)),
                    ActorName);
                registry.Register<BuilderNodeActor>(actor);
            }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No cache configured (--cache or AsterFarm__Builder__CacheUrl): {Node} joins the cluster but builds nothing")]
    private static partial void NoCache(ILogger logger, string node);

    private static string? ReadToken(BuilderNodeOptions options) =>
        options.TokenFile is { } file ? File.ReadAllText(file).Trim() : Environment.GetEnvironmentVariable("ASTERFARM_TOKEN");
}
