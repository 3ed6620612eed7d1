using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>Wire messages to the JSON views of the API.</summary>
internal static class ApiViews
{
    public static RunStatusView Of(RunStatus status, StoreDir storeDir, DateTime utcNow) => new(
        status.Run.ToString(),
        status.State.ToString(),
        [.. status.Systems.Select(s => new SystemView(s.System, s.Planned, s.Waiting, s.Running, s.Done, s.Failed))],
        [.. status.Builds.Select(b => Of(b, storeDir, utcNow))],
        status.BuildsTruncated,
        [.. (status.Attempts ?? []).Select(a => new AttemptView(storeDir.Print(a.DrvPath), a.Attempt, a.Node.Value, a.Class.ToString(), a.Reason, a.AtUtc))]);

    public static BuildView Of(BuildProgress build, StoreDir storeDir, DateTime utcNow) => new(
        storeDir.Print(build.DrvPath),
        build.System,
        build.State.ToString(),
        build.Node?.Value,
        build.SinceUtc,
        build.State == BuildState.Running ? Math.Max(0, (utcNow - build.SinceUtc).TotalSeconds) : 0,
        build.Reason,
        build.Wait == WaitCause.None ? null : build.Wait.ToString(),
        build.Cause?.ToString());
}
