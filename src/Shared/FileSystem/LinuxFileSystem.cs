using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AsterFarm.Shared.FileSystem;

/// <summary>
/// The few Linux system calls .NET does not expose: an <c>lstat</c> that tells FIFOs, sockets and devices apart,
/// setting a timestamp without following a symlink, and a rename that refuses to replace its target.
/// </summary>
/// <remarks>
/// <c>statx</c> is used rather than <c>lstat</c> because its buffer layout is the same on every architecture.
/// </remarks>
public static class LinuxFileSystem
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 0x1C;
    private const int StatxSizeOffset = 0x28;
    private const int SIfMt = 0xF000;
    private const int SIfReg = 0x8000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int EInval = 22;
    private const uint RenameFlagNoReplace = 1;
    private const long UtimeOmit = (1L << 30) - 2;

    [ThreadStatic]
    private static byte[]? _statxBuffer;

    /// <summary>Status of <paramref name="path"/> itself (a symlink is reported as a symlink); <see cref="FileKind.Missing"/> if absent.</summary>
    public static FileStatus LStat(string path)
    {
        var buffer = _statxBuffer ??= new byte[StatxBufferSize];
        if (NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoEnt or ENotDir)
            {
                return new FileStatus(FileKind.Missing, 0, 0);
            }

            throw Failure(errno, "stat", path);
        }

        return FromStatx(buffer);
    }

    /// <summary>The <c>statx</c> mask <see cref="FromStatx"/> needs.</summary>
    internal const uint StatxMask = StatxType | StatxMode | StatxSize;

    /// <summary>The buffer size <c>statx</c> fills.</summary>
    internal const int StatxBytes = StatxBufferSize;

    /// <summary>The status a filled <c>statx</c> buffer describes.</summary>
    internal static FileStatus FromStatx(byte[] buffer)
    {
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(StatxModeOffset));
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(StatxSizeOffset));
        var kind = (mode & SIfMt) switch
        {
            SIfReg => FileKind.Regular,
            SIfDir => FileKind.Directory,
            SIfLnk => FileKind.Symlink,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, (UnixFileMode)(mode & 0xFFF), size);
    }

    /// <summary>Sets the modification time of <paramref name="path"/> (not of a symlink's target), leaving the access time.</summary>
    public static void SetModificationTimeNoFollow(string path, long unixSeconds)
    {
        long[] times = [0, UtimeOmit, unixSeconds, 0];
        if (NativeMethods.utimensat(AtFdCwd, path, times, AtSymlinkNoFollow) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "set the modification time of", path);
        }
    }

    /// <summary>The target of the symlink <paramref name="path"/> as bytes (targets need not be UTF-8).</summary>
    public static byte[] ReadLink(string path)
    {
        var buffer = new byte[4096 + 1];
        var length = NativeMethods.readlinkat(AtFdCwd, [.. System.Text.Encoding.UTF8.GetBytes(path), 0], buffer, buffer.Length);
        if (length < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "read the symlink", path);
        }

        return length < buffer.Length ? buffer[..(int)length] : throw new IOException($"the target of the symlink '{path}' is longer than 4096 bytes");
    }

    /// <summary>Renames atomically; fails with <see cref="IOException"/> if <paramref name="destination"/> exists in any form.</summary>
    public static void RenameNoReplace(string source, string destination)
    {
        if (NativeMethods.renameat2(AtFdCwd, source, AtFdCwd, destination, RenameFlagNoReplace) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != EInval)
        {
            throw Failure(errno, $"rename '{source}' to", destination);
        }

        // The file system does not support RENAME_NOREPLACE; a check then a plain rename is the best left.
        if (LStat(destination).Kind != FileKind.Missing)
        {
            throw new IOException($"cannot rename '{source}' to '{destination}': the destination exists");
        }

        if (NativeMethods.renameat2(AtFdCwd, source, AtFdCwd, destination, 0) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), $"rename '{source}' to", destination);
        }
    }

    private static IOException Failure(int errno, string action, string path) =>
        new($"cannot {action} '{path}': {new Win32Exception(errno).Message}", errno);
}
