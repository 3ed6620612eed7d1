namespace AsterFarm.Builder.Tracing;

/// <summary>A phase the build announced (<c>configurePhase</c>, <c>buildPhase</c>, …), from its marker until the next one or the build's end.</summary>
public sealed record BuildPhaseInterval(string Name, DateTimeOffset Start, DateTimeOffset End);
