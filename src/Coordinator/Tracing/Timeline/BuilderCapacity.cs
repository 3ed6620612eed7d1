namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>A builder's slots and the systems (native or emulated) they run, to measure utilisation against.</summary>
public sealed record BuilderCapacity(string Builder, int Slots, IReadOnlyList<string> Systems);
