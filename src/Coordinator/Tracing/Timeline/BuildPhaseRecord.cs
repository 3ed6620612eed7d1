namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>A phase the build itself announced (a stdenv <c>configurePhase</c>, <c>buildPhase</c>, …) and when it ran.</summary>
public sealed record BuildPhaseRecord(string Name, TimeInterval Span);
