using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Builder → HTTP edge: the next bytes of a running build's log.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="Offset">Where <paramref name="Data"/> starts in the log; beyond the asked offset when the builder no longer holds the bytes between.</param>
/// <param name="Data">At most <see cref="MaxBytes"/> bytes of the log (UTF-8, possibly cut inside a character).</param>
/// <param name="Running">False when the build is not (or no longer) running here: its whole log is then in the cache.</param>
[MessagePackObject]
public sealed record BuildLogChunk(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] long Offset,
    [property: Key(2)] byte[] Data,
    [property: Key(3)] bool Running) : IAsterFarmMessage
{
    public const int MaxBytes = 32 * 1024;

    // A record's generated equality compares arrays by reference; messages compare by content (tests, frozen bytes).
    public bool Equals(BuildLogChunk? other) =>
        other is not null && DrvPath.Equals(other.DrvPath) && Offset == other.Offset && Running == other.Running && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(DrvPath, Offset, Data.Length, Running);
}
