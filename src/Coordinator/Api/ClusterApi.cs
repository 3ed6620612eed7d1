using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol.Builders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Api;

/// <summary>
/// <c>GET /api/v1/nodes</c>: the cluster members as this coordinator sees them, each builder with what the scheduler
/// knows of it (capabilities, free slots, running builds), for <c>asterfarm nodes</c> and the dashboard.
/// </summary>
internal static class ClusterApi
{
    public const string NodesPath = "/api/v1/nodes";

    public static void AddTo(AsterFarmNodeBuilder node) => node.MapEndpoints(endpoints => endpoints.MapGet(NodesPath, Nodes));

    private static async Task<IResult> Nodes(ActorSystem system, IServiceProvider services, TimeProvider time, HttpContext context)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var unreachable = state.Unreachable.Select(member => member.UniqueAddress).ToHashSet();
        var builders = await BuildersAsync(services, context.RequestAborted).ConfigureAwait(false);
        var storeDir = RunsApi.StoreDirOf(services.GetService<CacheOptions>());
        var now = time.GetUtcNow().UtcDateTime;
        var byAddress = builders.ToDictionary(builder => builder.Address, StringComparer.Ordinal);
        var schedulerHost = SchedulerHost.Of(state.Members);
        var nodes = state.Members
            .Select(member => new ClusterNodeView(
                member.Address.ToString(),
                [.. member.Roles.Order(StringComparer.Ordinal)],
                member.Status.ToString(),
                !unreachable.Contains(member.UniqueAddress),
                byAddress.Remove(member.Address.ToString(), out var builder) ? ViewOf(builder, storeDir, now) : null,
                member.Equals(schedulerHost)))
            .ToList();
        // A builder can be registered with a singleton on another coordinator that this one does not see yet.
        nodes.AddRange(byAddress.Values.Select(builder =>
            new ClusterNodeView(builder.Address, [AsterFarmRoles.Builder], "Registered", true, ViewOf(builder, storeDir, now))));
        return Results.Json(nodes);
    }

    // The members are listed even when no scheduler answers (none elected yet, or this node hosts no farm).
    internal static async Task<IReadOnlyList<BuilderStatus>> BuildersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IRequiredActor<SchedulerActorKey>>() is not { } scheduler || services.GetService<FarmOptions>() is not { } options)
        {
            return [];
        }

        try
        {
            var proxy = await scheduler.GetAsync(cancellationToken).ConfigureAwait(false);
            var list = await proxy.Ask<BuilderList>(new ListBuilders(ListBuilders.MaxBuilders), options.AskTimeout, cancellationToken).ConfigureAwait(false);
            return list.Builders;
        }
        catch (AskTimeoutException)
        {
            return [];
        }
    }

    internal static BuilderView ViewOf(BuilderStatus builder, Shared.Store.StoreDir storeDir, DateTime now)
    {
        var capabilities = builder.Capabilities;
        return new BuilderView(
            builder.Node.Value,
            capabilities.NativeSystems,
            [.. capabilities.EmulatedSystems.Select(e => new EmulatedSystemView(e.System, e.Slowdown))],
            capabilities.Features,
            capabilities.Slots,
            builder.FreeSlots,
            capabilities.CoresPerSlot,
            capabilities.MachineClass,
            capabilities.Speed,
            [.. builder.Running.Select(r => new RunningBuildView(storeDir.Print(r.DrvPath), r.Lease.ToString(), r.StartedAtUtc, Math.Max(0, (now - r.StartedAtUtc).TotalSeconds)))],
            builder.LastHeardUtc,
            [.. (capabilities.RemoteMachines ?? []).Select(m => RemoteMachineOf(m, builder.RemoteMachines))]);
    }

    // A machine the node has not reported on yet (no heartbeat since it registered) counts as up.
    private static RemoteMachineView RemoteMachineOf(RemoteMachineSlots machine, IReadOnlyList<RemoteMachineHealth>? health)
    {
        var now = health?.FirstOrDefault(h => h.StoreUri == machine.StoreUri);
        return new RemoteMachineView(
            machine.StoreUri, machine.Systems, machine.MaxJobs, machine.SpeedFactor, machine.Features, machine.MandatoryFeatures,
            now?.Up ?? true, now?.DownReason, now?.BusySlots ?? 0);
    }
}
