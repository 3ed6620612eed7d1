namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>
/// One limit on concurrency and how much waiting it caused: <see cref="Subject"/> is the system (slots), the missing
/// system-with-features (capability), or empty (graph shape, summed over all dependencies).
/// </summary>
public sealed record ConcurrencyLimit(ConcurrencyLimiter Limiter, string Subject, TimeSpan Total, int Steps);
