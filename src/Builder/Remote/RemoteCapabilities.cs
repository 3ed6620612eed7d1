using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Builder.Remote;

/// <summary>What a node offers with its remote machines: their systems as native ones, their features, their slots added.</summary>
public static class RemoteCapabilities
{
    public static BuilderCapabilities Include(BuilderCapabilities local, IReadOnlyList<RemoteMachine> machines)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(machines);
        if (machines.Count == 0)
        {
            return local;
        }

        var native = local.NativeSystems.Concat(machines.SelectMany(m => m.Systems)).Distinct(StringComparer.Ordinal).ToList();
        return local with
        {
            NativeSystems = ValueList.From(native),
            // A system a machine builds natively is offered as native; the node still falls back to QEMU for it.
            EmulatedSystems = ValueList.From(local.EmulatedSystems.Where(e => !native.Contains(e.System, StringComparer.Ordinal))),
            Features = ValueList.From(local.Features.Concat(machines.SelectMany(m => m.SupportedFeatures)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            Slots = local.Slots + machines.Sum(m => m.MaxJobs),
            RemoteMachines = ValueList.From(machines.Select(m => new RemoteMachineSlots(
                m.StoreUri, ValueList.From(m.Systems), m.MaxJobs, m.SpeedFactor, ValueList.From(m.SupportedFeatures), ValueList.From(m.MandatoryFeatures)))),
        };
    }
}
