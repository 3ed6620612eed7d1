using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Scheduler → HTTP edge: one derivation's state, where and when it ran, its phases and failed tries.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="Known">False when no run of this scheduler holds it (the other fields are then empty).</param>
/// <param name="System">Its system.</param>
/// <param name="State">Its state.</param>
/// <param name="Node">The builder running it, or that last ran it.</param>
/// <param name="SinceUtc">When it entered its state.</param>
/// <param name="Reason">Why it waits or failed.</param>
/// <param name="StartedUtc">When its last dispatch began.</param>
/// <param name="EndedUtc">When its last dispatch ended.</param>
/// <param name="Emulated">Whether its last dispatch was under QEMU.</param>
/// <param name="Timings">The builder's phase times of its last finished or failed try.</param>
/// <param name="Outputs">Its output names.</param>
/// <param name="Runs">The runs holding it, newest last.</param>
/// <param name="Attempts">Its failed tries.</param>
/// <param name="LogTail">The end of its log when it failed.</param>
[MessagePackObject]
public sealed record DerivationReport(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] bool Known,
    [property: Key(2)] string System,
    [property: Key(3)] BuildState State,
    [property: Key(4)] NodeName? Node,
    [property: Key(5)] DateTime SinceUtc,
    [property: Key(6)] string? Reason,
    [property: Key(7)] DateTime? StartedUtc,
    [property: Key(8)] DateTime? EndedUtc,
    [property: Key(9)] bool Emulated,
    [property: Key(10)] PhaseTimings? Timings,
    [property: Key(11)] ValueList<string> Outputs,
    [property: Key(12)] ValueList<RunId> Runs,
    [property: Key(13)] ValueList<BuildAttempt> Attempts,
    [property: Key(14)] string? LogTail) : IAsterFarmMessage;
