namespace AsterFarm.Shared.FileSystem;

/// <summary>What <c>lstat</c> reports about one path: its kind, permission bits (including setuid/setgid/sticky) and size.</summary>
public readonly record struct FileStatus(FileKind Kind, UnixFileMode Mode, long Size)
{
    /// <summary>Whether the owner may execute the file: the one mode bit a NAR records.</summary>
    public bool IsOwnerExecutable => (Mode & UnixFileMode.UserExecute) != 0;
}
