namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>Moving NARs between a builder and the cache: the inputs fetched, or the outputs uploaded.</summary>
/// <param name="Span">When the transfer ran.</param>
/// <param name="Bytes">NAR bytes moved.</param>
/// <param name="Paths">Store paths moved.</param>
/// <param name="Replica">The cache replica that served or acknowledged them.</param>
public sealed record TransferRecord(TimeInterval Span, long Bytes, int Paths, string Replica);
