using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>One derivation of a run as the dashboard lists it.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="System">Its system.</param>
/// <param name="State">Its state in the run.</param>
/// <param name="Node">The builder running it, or that last ran it.</param>
/// <param name="SinceUtc">When it entered its state.</param>
/// <param name="Reason">Why it waits or failed (trimmed), else null.</param>
/// <param name="StartedUtc">When its last dispatch began, if it was dispatched.</param>
/// <param name="EndedUtc">When its last dispatch ended, if it did.</param>
/// <param name="Emulated">Whether its last dispatch went to a builder that emulates its system.</param>
/// <param name="LogTail">The last lines of its log when its build failed (at most <see cref="MaxLogTailBytes"/> UTF-8 bytes), else null.</param>
[MessagePackObject]
public sealed record RunPageEntry(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] string System,
    [property: Key(2)] BuildState State,
    [property: Key(3)] NodeName? Node,
    [property: Key(4)] DateTime SinceUtc,
    [property: Key(5)] string? Reason,
    [property: Key(6)] DateTime? StartedUtc,
    [property: Key(7)] DateTime? EndedUtc,
    [property: Key(8)] bool Emulated,
    [property: Key(9)] string? LogTail)
{
    /// <summary>The most log a page entry carries: the few lines that usually say why.</summary>
    public const int MaxLogTailBytes = 1024;
}
