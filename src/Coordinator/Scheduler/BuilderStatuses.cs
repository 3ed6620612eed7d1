using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>The scheduler's registered builders as <c>GET /api/v1/nodes</c> shows them: capabilities, free slots, running builds.</summary>
internal static class BuilderStatuses
{
    /// <param name="builders">The registered builders.</param>
    /// <param name="leases">The dispatches in flight, each on one node.</param>
    /// <param name="since">When each derivation entered its state (for a running one, its dispatch).</param>
    /// <param name="limit">The most builders listed (by name).</param>
    public static BuilderList Of(
        IReadOnlyDictionary<Shared.Protocol.NodeName, BuilderEntry> builders,
        IReadOnlyDictionary<LeaseId, LeaseEntry> leases,
        IReadOnlyDictionary<DerivationId, DateTime> since,
        int limit)
    {
        var running = leases
            .GroupBy(lease => lease.Value.Node)
            .ToDictionary(
                group => group.Key,
                group => group
                    .Select(lease => new RunningBuild(lease.Key, StorePath.Parse(lease.Value.Derivation.Value), since.GetValueOrDefault(lease.Value.Derivation)))
                    .OrderBy(build => build.StartedAtUtc)
                    .ThenBy(build => build.DrvPath.ToString(), StringComparer.Ordinal)
                    .ToList());
        var listed = builders
            .OrderBy(builder => builder.Key.Value, StringComparer.Ordinal)
            .Take(Math.Max(0, limit))
            .Select(builder =>
            {
                // Builds under leases the scheduler no longer counts still take the node's slots.
                List<RunningBuild> builds = [.. running.GetValueOrDefault(builder.Key) ?? [], .. builder.Value.Uncounted];
                return new BuilderStatus(
                    new Shared.Protocol.NodeName(builder.Key.Value),
                    builder.Value.Address,
                    builder.Value.Capabilities,
                    Math.Max(0, builder.Value.Capabilities.Slots - builds.Count),
                    ValueList.From(builds),
                    builder.Value.LastHeard.UtcDateTime,
                    builder.Value.RemoteMachines);
            });
        return new BuilderList(ValueList.From(listed), builders.Count > limit);
    }
}
