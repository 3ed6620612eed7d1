using AsterFarm.Shared.Protocol.Runs;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>One build on a builder, from dispatch to result.</summary>
/// <param name="DrvName">The derivation's file name (<c>hash-name.drv</c>); the store directory is the cache's.</param>
/// <param name="Node">The builder.</param>
/// <param name="StartUtc">When it was dispatched.</param>
/// <param name="EndUtc">When its result arrived; null while it runs.</param>
/// <param name="Emulated">Built under QEMU rather than natively.</param>
/// <param name="Critical">On the run's critical path: the chain of builds, each waiting for the one before, that ended last.</param>
/// <param name="State">Running, Built or Failed.</param>
[MessagePackObject]
public sealed record TimelineBar(
    [property: Key(0)] string DrvName,
    [property: Key(1)] NodeName Node,
    [property: Key(2)] DateTime StartUtc,
    [property: Key(3)] DateTime? EndUtc,
    [property: Key(4)] bool Emulated,
    [property: Key(5)] bool Critical,
    [property: Key(6)] BuildState State);
