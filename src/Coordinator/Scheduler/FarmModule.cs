using Akka.Cluster.Hosting;
using Akka.Hosting;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Hosting;
using AsterFarm.Scheduling;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// The farm on a coordinator node: the scheduler as a cluster singleton on coordinator nodes (with its proxy in the
/// actor registry under <see cref="SchedulerActorKey"/>), its journal and snapshots (<see cref="PersistenceOptions"/>),
/// and the run API. Needs the cache (<see cref="CacheModule"/>): the scheduler reads submitted DAGs from it.
/// </summary>
internal static class FarmModule
{
    public const string SchedulerSectionName = "AsterFarm:Scheduler";

    public static void AddTo(AsterFarmNodeBuilder node)
    {
        // One section for the scheduler: the farm settings moved from AsterFarm:Farm (still read, with a warning).
        var farm = node.BindMovedSection<FarmOptions>(new MovedSection(FarmOptions.SectionName, SchedulerSectionName));
        var core = node.Configuration.GetSection(SchedulerSectionName).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var persistence = node.Configuration.GetSection(PersistenceOptions.SectionName).Get<PersistenceOptions>() ?? new PersistenceOptions();
        persistence.Validate();
        node.Services.AddSingleton(farm);
        node.Services.AddSingleton(persistence);
        node.Services.TryAddSingleton(TimeProvider.System);
        node.ConfigureAkka((akka, services) => akka.WithSchedulerPersistence(persistence).WithScheduler(farm, core, persistence, services));
        node.MapEndpoints(endpoints => endpoints.MapRunsApi());
    }

    /// <summary>The journal and snapshot store of <paramref name="persistence"/>, and the serializer of the scheduler's events.</summary>
    public static AkkaConfigurationBuilder WithSchedulerPersistence(this AkkaConfigurationBuilder akka, PersistenceOptions persistence) =>
        akka.AddHocon(PersistenceHocon.For(persistence), HoconAddMode.Prepend);

    /// <summary>The scheduler singleton on <see cref="AsterFarmRoles.Coordinator"/> nodes, reading DAGs from the node's cache.</summary>
    public static AkkaConfigurationBuilder WithScheduler(
        this AkkaConfigurationBuilder akka, FarmOptions farm, SchedulerOptions core, PersistenceOptions persistence, IServiceProvider services) =>
        akka.WithSingleton<SchedulerActorKey>(
            SingletonNames.Scheduler,
            (_, _, _) =>
            {
                var store = services.GetRequiredService<IBinaryCacheStore>();
                var storeDir = new StoreDir(services.GetService<CacheOptions>()?.StoreDir ?? StoreDir.DefaultPath);
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AsterFarm.Scheduler");
                return SchedulerActor.Props(
                    farm, core, persistence, new DagLoader(store, storeDir), new BuiltOutputsCheck(store, storeDir), services.GetRequiredService<TimeProvider>(), logger);
            },
            new ClusterSingletonOptions { Role = AsterFarmRoles.Coordinator });
}
