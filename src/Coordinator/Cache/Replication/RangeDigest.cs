namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>The digest of one key range: how many hash parts it holds and the SHA-256 (hex) of them sorted.</summary>
public sealed record RangeDigest(string Prefix, int Count, string Digest);
