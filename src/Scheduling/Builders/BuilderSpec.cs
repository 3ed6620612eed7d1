using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Builders;

/// <summary>What a builder node offers, as it advertises on joining.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Slots">How many builds it runs at once.</param>
/// <param name="NativeSystems">Systems it runs natively, with the speed of one slot relative to one reference x86_64 core.</param>
/// <param name="EmulatedSystems">Systems it runs under QEMU, with the speed of one slot already including the emulation slowdown.</param>
/// <param name="Features">Its system features (<c>big-parallel</c>, <c>kvm</c>, …).</param>
/// <param name="MachineClass">Its hardware class; duration history is kept per class so like machines share it.</param>
public sealed record BuilderSpec(
    NodeName Name,
    int Slots,
    IReadOnlyDictionary<string, double> NativeSystems,
    IReadOnlyDictionary<string, double> EmulatedSystems,
    IReadOnlyCollection<string> Features,
    string MachineClass);
