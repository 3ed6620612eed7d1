using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Limits a builder enforces on one build (Nix's <c>timeout</c> and <c>max-silent-time</c>); zero means none.</summary>
[MessagePackObject]
public sealed record BuildDeadlines(
    [property: Key(0)] TimeSpan Timeout,
    [property: Key(1)] TimeSpan MaxSilentTime);
