using Akka.Cluster.Hosting;
using Akka.Hosting;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Jobsets.Api;
using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Persistence;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Hosting;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>
/// Jobsets on a coordinator node: the jobsets singleton on coordinator nodes beside the scheduler (its journal on the
/// scheduler's persistence plugin, its proxy in the actor registry under <see cref="JobsetsActorKey"/>), the jobsets
/// API, and the cache's garbage-collection roots. Needs <see cref="FarmModule"/> (the scheduler's proxy and
/// persistence) and the cache.
/// </summary>
internal static class JobsetsModule
{
    public static void AddTo(AsterFarmNodeBuilder node)
    {
        var options = node.Configuration.GetSection(JobsetsOptions.SectionName).Get<JobsetsOptions>() ?? new JobsetsOptions();
        options.Validate();
        node.Services.AddSingleton(options);
        node.Services.TryAddSingleton<IJobsetEvaluator, NixJobsetEvaluator>();
        node.Services.TryAddSingleton<IClosureUploader>(services => new HttpClosureUploader(
            services.GetRequiredService<IServer>(),
            services.GetService<AccessToken>()?.ToAuthorizationHeader()?.Parameter,
            new StoreDir(services.GetService<CacheOptions>()?.StoreDir ?? StoreDir.DefaultPath)));
        // Registered after the cache's NoCacheRoots: the last registration is the one resolved.
        node.Services.AddSingleton<ICacheRoots, JobsetCacheRoots>();
        node.ConfigureAkka((akka, services) => akka.WithJobsets(options, services));
        node.MapEndpoints(endpoints => endpoints.MapJobsetsApi().MapPinsApi());
    }

    /// <summary>The jobsets singleton on <see cref="AsterFarmRoles.Coordinator"/> nodes, and its serializer.</summary>
    public static AkkaConfigurationBuilder WithJobsets(this AkkaConfigurationBuilder akka, JobsetsOptions options, IServiceProvider services) =>
        akka.AddHocon(JobsetsSerializer.Hocon, HoconAddMode.Prepend).WithSingleton<JobsetsActorKey>(
            SingletonNames.Jobsets,
            (_, registry, _) =>
            {
                var clock = services.GetRequiredService<TimeProvider>();
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AsterFarm.Jobsets");
                var webhooks = new WebhookPoster(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options.WebhookAttempts, options.WebhookRetryDelay, clock);
                return JobsetsActor.Props(
                    options,
                    services.GetRequiredService<IJobsetEvaluator>(),
                    services.GetRequiredService<IClosureUploader>(),
                    registry.Get<SchedulerActorKey>(),
                    new StoreDir(services.GetService<CacheOptions>()?.StoreDir ?? StoreDir.DefaultPath),
                    clock,
                    webhooks,
                    logger);
            },
            new ClusterSingletonOptions { Role = AsterFarmRoles.Coordinator });
}
