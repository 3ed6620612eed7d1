using AsterFarm.Scheduling.Builders;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>Maps what a builder advertises on the wire to what the scheduling core plans with.</summary>
internal static class BuilderSpecs
{
    public static BuilderSpec From(NodeName name, BuilderCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var speed = capabilities.Speed > 0 ? capabilities.Speed : 1.0;
        var native = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var system in capabilities.NativeSystems)
        {
            native[system] = speed;
        }

        var emulated = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var system in capabilities.EmulatedSystems)
        {
            emulated[system.System] = speed / Math.Max(1.0, system.Slowdown);
        }

        return new BuilderSpec(
            name,
            Math.Max(1, capabilities.Slots),
            native,
            emulated,
            [.. capabilities.Features],
            string.IsNullOrEmpty(capabilities.MachineClass) ? "default" : capabilities.MachineClass);
    }
}
