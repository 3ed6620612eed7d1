namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>How much a trace report shows.</summary>
/// <param name="Slowest">How many of the slowest steps to list.</param>
/// <param name="UtilisationBuckets">How many equal time buckets the utilisation series has.</param>
public sealed record TraceOptions(int Slowest = 10, int UtilisationBuckets = 20)
{
    public static TraceOptions Default { get; } = new();
}
