namespace AsterFarm.Coordinator.Api;

/// <summary>A registered builder as the scheduler sees it, in <c>GET /api/v1/nodes</c>.</summary>
/// <param name="Name">Its node name.</param>
/// <param name="NativeSystems">Systems it builds natively.</param>
/// <param name="EmulatedSystems">Systems it builds under QEMU, with their slowdown.</param>
/// <param name="Features">The <c>requiredSystemFeatures</c> it satisfies.</param>
/// <param name="Slots">Builds it runs at once.</param>
/// <param name="FreeSlots">Slots without a build now.</param>
/// <param name="CoresPerSlot">NIX_BUILD_CORES of each build.</param>
/// <param name="MachineClass">Its hardware class (duration history key).</param>
/// <param name="Speed">Slot speed relative to a reference x86_64 core.</param>
/// <param name="Running">Its builds now, oldest first.</param>
/// <param name="LastHeard">Its last registration or heartbeat (UTC).</param>
/// <param name="RemoteMachines">The remote Nix machines it drives over SSH (their slots are part of its own).</param>
internal sealed record BuilderView(
    string Name,
    IReadOnlyList<string> NativeSystems,
    IReadOnlyList<EmulatedSystemView> EmulatedSystems,
    IReadOnlyList<string> Features,
    int Slots,
    int FreeSlots,
    int CoresPerSlot,
    string MachineClass,
    double Speed,
    IReadOnlyList<RunningBuildView> Running,
    DateTime LastHeard,
    IReadOnlyList<RemoteMachineView>? RemoteMachines = null);

/// <summary>
/// A remote Nix machine under its builder node: its machines-file URI, systems, slots, speed factor and features, and
/// from the node's last heartbeat whether it is up (else why not) and its busy slots.
/// </summary>
internal sealed record RemoteMachineView(
    string Uri,
    IReadOnlyList<string> Systems,
    int MaxJobs,
    double SpeedFactor,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> MandatoryFeatures,
    bool Up = true,
    string? DownReason = null,
    int BusySlots = 0);

/// <summary>A system a builder emulates, and how many times slower than native.</summary>
internal sealed record EmulatedSystemView(string System, double Slowdown);

/// <summary>A build running on a builder: the derivation, its lease, since when.</summary>
internal sealed record RunningBuildView(string DrvPath, string Lease, DateTime StartedAt, double ElapsedSeconds);
