namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Crash-safe publication of a file: content goes to a temp file on the same filesystem, is fsynced, then renamed
/// over the target and the directory fsynced. Readers see the old file or the whole new one, never a prefix.
/// </summary>
internal static class AtomicFile
{
    public static FileStream CreateTemp(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        });

    /// <summary>Makes the temp file's content durable and renames it to <paramref name="target"/>.</summary>
    /// <param name="temp">The temp file.</param>
    /// <param name="target">Where it goes.</param>
    /// <param name="syncDirectory">
    /// Whether the rename itself is made durable (fsync of the directory); false only for files whose loss in a crash
    /// is recovered from (the content, if the file survives, is durable either way).
    /// </param>
    public static void Publish(FileStream temp, string target, bool syncDirectory = true)
    {
        temp.Flush(flushToDisk: true);
        var tempPath = temp.Name;
        temp.Dispose();
        File.Move(tempPath, target, overwrite: true);
        if (syncDirectory)
        {
            DirectorySync.Flush(Path.GetDirectoryName(target)!);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="target"/> atomically.</summary>
    public static async Task WriteAllBytesAsync(CacheLayout layout, string target, ReadOnlyMemory<byte> content, CancellationToken cancellationToken, bool syncDirectory = true)
    {
        var temp = CreateTemp(layout.NewTempFile());
        try
        {
            await temp.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            Publish(temp, target, syncDirectory);
        }
        finally
        {
            DeleteTemp(temp);
        }
    }

    /// <summary>Closes and removes a temp file that was not published (no-op after <see cref="Publish"/>).</summary>
    public static void DeleteTemp(FileStream temp)
    {
        temp.Dispose();
        File.Delete(temp.Name);
    }
}
