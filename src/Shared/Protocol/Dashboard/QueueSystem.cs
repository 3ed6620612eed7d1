using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>One system's queue over all live runs.</summary>
/// <param name="System">The system.</param>
/// <param name="Planned">Derivations waiting for dependencies.</param>
/// <param name="Ready">Derivations queued for a free slot.</param>
/// <param name="Waiting">Ready derivations no live builder can take (see <paramref name="Reasons"/>).</param>
/// <param name="Running">Derivations on a builder now.</param>
/// <param name="OldestReadyUtc">Since when the longest-queued ready derivation waits, if any waits.</param>
/// <param name="Reasons">Why derivations wait, with counts.</param>
/// <param name="Next">The first ready derivations in the order they will be dispatched.</param>
[MessagePackObject]
public sealed record QueueSystem(
    [property: Key(0)] string System,
    [property: Key(1)] int Planned,
    [property: Key(2)] int Ready,
    [property: Key(3)] int Waiting,
    [property: Key(4)] int Running,
    [property: Key(5)] DateTime? OldestReadyUtc,
    [property: Key(6)] ValueList<QueueReason> Reasons,
    [property: Key(7)] ValueList<QueuedBuild> Next);
