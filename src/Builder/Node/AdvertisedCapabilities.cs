using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Builder.Node;

/// <summary>What a node tells the scheduler it offers, from its options and the emulators found on this machine.</summary>
public static class AdvertisedCapabilities
{
    /// <summary>The factor advertised when <see cref="BuilderNodeOptions.EmulationSlowdown"/> is not positive (measuring at startup is not implemented).</summary>
    public const double DefaultSlowdown = 5.0;

    public static BuilderCapabilities From(BuilderNodeOptions options, NodeCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        var slowdown = options.EmulationSlowdown > 0 ? options.EmulationSlowdown : DefaultSlowdown;
        return new BuilderCapabilities(
            NativeSystems: ValueList.From(options.NativeSystems),
            EmulatedSystems: ValueList.From(options.EmulatedSystems
                .Where(system => capabilities.EmulatedSystems.Contains(system))
                .Select(system => new EmulatedSystem(system, slowdown))),
            Features: ValueList.From(options.Features.Order(StringComparer.Ordinal)),
            Slots: options.AdvertisedSlots,
            CoresPerSlot: options.EffectiveCores,
            MachineClass: options.MachineClass,
            CacheUrl: options.CacheUrl ?? string.Empty,
            Speed: options.Speed);
    }
}
