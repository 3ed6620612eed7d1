namespace AsterFarm.Coordinator.Dashboard.Cache;

/// <summary>What one scan of the cache directory found.</summary>
internal sealed record CacheSnapshot(long Paths, long NarFiles, long NarBytes, long Logs, DateTimeOffset ScannedAt);
