using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>A job whose build took longer than its own history beyond the threshold, and where the time went.</summary>
/// <param name="Attribute">The job.</param>
/// <param name="Seconds">Its build time now.</param>
/// <param name="UsualSeconds">The median of its earlier build times.</param>
/// <param name="Ratio"><paramref name="Seconds"/> over <paramref name="UsualSeconds"/>.</param>
/// <param name="Reason">Emulated now after a native build, or a slower build.</param>
/// <param name="Node">The builder it ran on now.</param>
[MessagePackObject]
public sealed record SlowerJob([property: Key(0)] string Attribute, [property: Key(1)] double Seconds, [property: Key(2)] double UsualSeconds, [property: Key(3)] double Ratio, [property: Key(4)] SlowdownReason Reason, [property: Key(5)] string? Node);
