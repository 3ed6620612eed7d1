using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>What a builder offers the scheduler.</summary>
/// <param name="NativeSystems">Systems it runs natively, e.g. <c>x86_64-linux</c>.</param>
/// <param name="EmulatedSystems">Systems it runs under QEMU, with their slowdown factor.</param>
/// <param name="Features">Its system features (<c>requiredSystemFeatures</c> it satisfies: <c>kvm</c>, <c>big-parallel</c>, …).</param>
/// <param name="Slots">Builds it runs at once.</param>
/// <param name="CoresPerSlot">CPU cores each build gets (<c>NIX_BUILD_CORES</c>).</param>
/// <param name="MachineClass">Hardware class keying duration history (e.g. <c>epyc-9454</c>).</param>
/// <param name="CacheUrl">The cache base URL this builder fetches from and uploads to.</param>
/// <param name="Speed">Relative speed of one slot against a reference x86_64 core (1.0 when unknown).</param>
/// <param name="RemoteMachines">The remote Nix machines it drives (their systems and slots are included above); null from nodes without any.</param>
[MessagePackObject]
public sealed record BuilderCapabilities(
    [property: Key(0)] ValueList<string> NativeSystems,
    [property: Key(1)] ValueList<EmulatedSystem> EmulatedSystems,
    [property: Key(2)] ValueList<string> Features,
    [property: Key(3)] int Slots,
    [property: Key(4)] int CoresPerSlot,
    [property: Key(5)] string MachineClass,
    [property: Key(6)] string CacheUrl,
    [property: Key(7)] double Speed,
    [property: Key(8)] ValueList<RemoteMachineSlots>? RemoteMachines = null);
