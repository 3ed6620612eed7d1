using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Where a build's wall time went: fetching inputs, preparing the sandbox, running the builder, scanning references, uploading outputs.</summary>
[MessagePackObject]
public sealed record PhaseTimings(
    [property: Key(0)] TimeSpan Fetch,
    [property: Key(1)] TimeSpan Setup,
    [property: Key(2)] TimeSpan Build,
    [property: Key(3)] TimeSpan Scan,
    [property: Key(4)] TimeSpan Upload)
{
    public static PhaseTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    [IgnoreMember]
    public TimeSpan Total => Fetch + Setup + Build + Scan + Upload;
}
