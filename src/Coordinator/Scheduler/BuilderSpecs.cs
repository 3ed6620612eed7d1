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

        // A system the node's remote Nix machines build goes to them (the node's own slots only while free), at the
        // machines file's speed factor (Nix's and Hydra's default 1, the scale of Speed): the fastest machine's factor
        // divides its estimates, so the scheduler prefers the node with the faster machine, as Hydra does.
        foreach (var group in (capabilities.RemoteMachines ?? []).SelectMany(m => m.Systems.Select(s => (System: s, m.SpeedFactor))).GroupBy(p => p.System, StringComparer.Ordinal))
        {
            native[group.Key] = group.Max(p => p.SpeedFactor > 0 ? p.SpeedFactor : 1.0);
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
