namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>
/// Busy slots / slots of one builder or system over the run, in equal buckets from the run's start
/// (each value in [0, 1]), and over the whole run.
/// </summary>
public sealed record UtilisationSeries(string Subject, int Slots, TimeSpan Bucket, IReadOnlyList<double> Buckets, double Average);
