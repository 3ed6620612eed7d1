using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Dashboard;
using AsterFarm.Coordinator.Jobsets;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Hosting;

namespace AsterFarm.Coordinator.Hosting;

/// <summary>
/// The features a coordinator node hosts. Each adds its actors (<see cref="AsterFarmNodeBuilder.ConfigureAkka"/>),
/// services and endpoints (<see cref="AsterFarmNodeBuilder.MapEndpoints"/>) to the node; a new feature
/// (the scheduler singleton, the cache replica) is one more line here.
/// </summary>
internal static class CoordinatorModules
{
    public static IReadOnlyList<Action<AsterFarmNodeBuilder>> All { get; } =
    [
        ClusterApi.AddTo,
        CacheModule.AddTo,
        FarmModule.AddTo,
        JobsetsModule.AddTo,
        DashboardModule.AddTo,
    ];
}
