using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Starts the kernel writing a range of a file to disk without waiting (<c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>),
/// so the <c>fsync</c> that publishes a large upload finds most of it already written instead of all of it dirty.
/// Only a hint: durability still comes from that <c>fsync</c>, and failures are ignored.
/// </summary>
internal static class FileWriteback
{
    /// <summary>How many written bytes are handed to the kernel at a time.</summary>
    public const long Chunk = 16L << 20;

    private const uint SyncFileRangeWrite = 2;

    public static void Start(SafeFileHandle file, long offset, long count) => _ = SyncFileRange(file, offset, count, SyncFileRangeWrite);

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);
}
