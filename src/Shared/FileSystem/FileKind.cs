namespace AsterFarm.Shared.FileSystem;

/// <summary>The type of a file system entry as <c>lstat</c> sees it (symlinks are not followed).</summary>
public enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,
    Regular,
    Directory,
    Symlink,

    /// <summary>A socket, FIFO, block or character device: nothing a store path or a NAR may hold.</summary>
    Other,
}
