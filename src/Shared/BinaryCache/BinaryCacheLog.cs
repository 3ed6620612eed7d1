using Microsoft.Extensions.Logging;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>The binary cache's log messages (source-generated: uploads and reads are hot paths).</summary>
internal static partial class BinaryCacheLog
{
    [LoggerMessage(1, LogLevel.Information, "Binary cache in {Directory} signing as {KeyName}")]
    public static partial void Opened(ILogger logger, string directory, string keyName);

    [LoggerMessage(2, LogLevel.Information, "Removed {Count} stale temp and orphan sidecar files from {Directory}")]
    public static partial void CleanedStale(ILogger logger, int count, string directory);

    [LoggerMessage(3, LogLevel.Debug, "Stored NAR {Url}: {FileSize} bytes, NarHash {NarHash}, NarSize {NarSize}")]
    public static partial void NarStored(ILogger logger, string url, long fileSize, string narHash, long narSize);

    [LoggerMessage(4, LogLevel.Warning, "Refused upload of {What}: {Reason}")]
    public static partial void Refused(ILogger logger, string what, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Stored narinfo of {StorePath}")]
    public static partial void NarInfoStored(ILogger logger, string storePath);

    [LoggerMessage(6, LogLevel.Information, "Garbage collection evicted {Evicted} paths and {NarFiles} NAR files, freed {FreedBytes} bytes, {RemainingBytes} bytes remain")]
    public static partial void Collected(ILogger logger, int evicted, int narFiles, long freedBytes, long remainingBytes);

    [LoggerMessage(7, LogLevel.Warning, "Skipping unreadable narinfo {Path}: {Error}")]
    public static partial void UnreadableNarInfo(ILogger logger, string path, string error);

    [LoggerMessage(8, LogLevel.Warning, "Cache garbage collection is {ShortfallBytes} bytes short of the cap: {RemainingBytes} bytes remain, cap {MaxBytes}, the rest is kept by garbage-collection roots (jobsets' last evaluations, pinned paths)")]
    public static partial void RootsExceedCap(ILogger logger, long shortfallBytes, long remainingBytes, long maxBytes);
}
