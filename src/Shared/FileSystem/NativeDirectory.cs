using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AsterFarm.Shared.FileSystem;

/// <summary>
/// An open directory whose entries are named by their bytes, as Linux names them: every operation is relative to
/// the directory's descriptor (<c>openat</c>, <c>statx</c>, <c>readlinkat</c>…), so names need not be UTF-8, no
/// full path is ever formed (no <c>PATH_MAX</c> on deep trees) and no symlink is followed.
/// </summary>
public sealed class NativeDirectory : IDisposable
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtRemoveDir = 0x200;
    private const int ORdOnly = 0;
    private const int ONoFollow = 0x20000;
    private const int ODirectory = 0x10000;
    private const int OCloExec = 0x80000;
    private const int ONonBlock = 0x800;
    private const int OWrOnly = 1;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const long UtimeOmit = (1L << 30) - 2;

    // struct dirent on 64-bit glibc and musl: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int DirentNameOffset = 19;

    private static readonly byte[] Dot = [(byte)'.', 0];
    private static readonly byte[] DotDot = [(byte)'.', (byte)'.', 0];

    [ThreadStatic]
    private static byte[]? _statxBuffer;

    private int _fd;

    private NativeDirectory(int fd, string displayPath)
    {
        _fd = fd;
        DisplayPath = displayPath;
    }

    /// <summary>The directory's path for messages (odd bytes escaped as <c>\xNN</c>).</summary>
    public string DisplayPath { get; }

    /// <summary>Opens the directory at <paramref name="path"/> (not through a final symlink).</summary>
    public static NativeDirectory Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = NativeMethods.openat(AtFdCwd, Terminated(Encoding.UTF8.GetBytes(path)), ORdOnly | ODirectory | ONoFollow | OCloExec, 0);
        return fd >= 0 ? new NativeDirectory(fd, path) : throw Failure(Marshal.GetLastPInvokeError(), "open the directory", path);
    }

    /// <summary>The escaped form of <paramref name="name"/> for messages: UTF-8 as is, other bytes and controls as <c>\xNN</c>.</summary>
    public static string Display(ReadOnlySpan<byte> name)
    {
        var builder = new StringBuilder(name.Length);
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(name, out var rune, out var consumed) == System.Buffers.OperationStatus.Done && !Rune.IsControl(rune))
            {
                builder.Append(rune.ToString());
                name = name[consumed..];
            }
            else
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{name[0]:x2}");
                name = name[1..];
            }
        }

        return builder.ToString();
    }

    /// <summary>The entries' names (without <c>.</c> and <c>..</c>), in the order the file system gives them.</summary>
    public List<byte[]> ReadNames()
    {
        var fd = NativeMethods.openat(_fd, Dot, ORdOnly | ODirectory | OCloExec, 0);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "read the directory", DisplayPath);
        }

        var stream = NativeMethods.fdopendir(fd);
        if (stream == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = NativeMethods.close(fd);
            throw Failure(errno, "read the directory", DisplayPath);
        }

        try
        {
            var names = new List<byte[]>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = NativeMethods.readdir(stream);
                if (entry == 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? names : throw Failure(errno, "read the directory", DisplayPath);
                }

                var name = ReadName(entry + DirentNameOffset);
                if (name is not ([(byte)'.'] or [(byte)'.', (byte)'.']))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = NativeMethods.closedir(stream);
        }
    }

    /// <summary>The status of entry <paramref name="name"/> itself (a symlink as a symlink); <see cref="FileKind.Missing"/> if absent.</summary>
    public FileStatus Stat(byte[] name)
    {
        var buffer = _statxBuffer ??= new byte[LinuxFileSystem.StatxBytes];
        if (NativeMethods.statxAt(_fd, Terminated(name), AtSymlinkNoFollow, LinuxFileSystem.StatxMask, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENoEnt or ENotDir ? new FileStatus(FileKind.Missing, 0, 0) : throw Failure(errno, "stat", PathOf(name));
        }

        return LinuxFileSystem.FromStatx(buffer);
    }

    /// <summary>Opens the subdirectory <paramref name="name"/> (never through a symlink).</summary>
    public NativeDirectory OpenDirectory(byte[] name)
    {
        var fd = NativeMethods.openat(_fd, Terminated(name), ORdOnly | ODirectory | ONoFollow | OCloExec, 0);
        return fd >= 0 ? new NativeDirectory(fd, PathOf(name)) : throw Failure(Marshal.GetLastPInvokeError(), "open the directory", PathOf(name));
    }

    /// <summary>This directory's parent (<c>..</c>), for walking back up a tree this process created.</summary>
    public NativeDirectory OpenParent()
    {
        var fd = NativeMethods.openat(_fd, DotDot, ORdOnly | ODirectory | ONoFollow | OCloExec, 0);
        return fd >= 0
            ? new NativeDirectory(fd, Path.GetDirectoryName(DisplayPath) ?? DisplayPath)
            : throw Failure(Marshal.GetLastPInvokeError(), "open the parent of", DisplayPath);
    }

    /// <summary>Creates the directory <paramref name="name"/> (mode 0777 less the umask); it must not exist.</summary>
    public void CreateDirectory(byte[] name)
    {
        if (NativeMethods.mkdirat(_fd, Terminated(name), 0x1ff) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "create the directory", PathOf(name));
        }
    }

    /// <summary>Creates the regular file <paramref name="name"/> (mode 0666 less the umask) for writing; it must not exist.</summary>
    public SafeFileHandle CreateFile(byte[] name)
    {
        var fd = NativeMethods.openat(_fd, Terminated(name), OWrOnly | OCreat | OExcl | ONoFollow | OCloExec, 0x1b6);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure(Marshal.GetLastPInvokeError(), "create", PathOf(name));
    }

    /// <summary>Creates the symlink <paramref name="name"/> pointing at <paramref name="target"/> (bytes, verbatim); it must not exist.</summary>
    public void CreateSymlink(byte[] name, byte[] target)
    {
        if (NativeMethods.symlinkat(Terminated(target), _fd, Terminated(name)) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "create the symlink", PathOf(name));
        }
    }

    /// <summary>Opens the regular file <paramref name="name"/> for reading (never through a symlink, never blocking on a FIFO).</summary>
    public SafeFileHandle OpenFile(byte[] name)
    {
        var fd = NativeMethods.openat(_fd, Terminated(name), ORdOnly | ONoFollow | OCloExec | ONonBlock, 0);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure(Marshal.GetLastPInvokeError(), "open", PathOf(name));
    }

    /// <summary>The target of the symlink <paramref name="name"/>, as bytes.</summary>
    public byte[] ReadLink(byte[] name)
    {
        var buffer = new byte[4096 + 1];
        var length = NativeMethods.readlinkat(_fd, Terminated(name), buffer, buffer.Length);
        if (length < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "read the symlink", PathOf(name));
        }

        return length < buffer.Length ? buffer[..(int)length] : throw new IOException($"the target of the symlink '{PathOf(name)}' is longer than 4096 bytes");
    }

    /// <summary>Sets the permission bits of <paramref name="name"/> (not a symlink).</summary>
    public void SetMode(byte[] name, UnixFileMode mode)
    {
        if (NativeMethods.fchmodat(_fd, Terminated(name), (uint)mode, 0) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "change the mode of", PathOf(name));
        }
    }

    /// <summary>Sets the owner of <paramref name="name"/> itself (a symlink's own); <paramref name="name"/> "." is the directory.</summary>
    public void SetOwner(byte[] name, int uid, int gid)
    {
        if (NativeMethods.fchownat(_fd, Terminated(name), uid, gid, AtSymlinkNoFollow) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "change the owner of", PathOf(name));
        }
    }

    /// <summary>Sets the owner of <paramref name="path"/> itself (not a symlink's target).</summary>
    public static void SetOwner(string path, int uid, int gid)
    {
        if (NativeMethods.fchownat(AtFdCwd, Terminated(Encoding.UTF8.GetBytes(path)), uid, gid, AtSymlinkNoFollow) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "change the owner of", path);
        }
    }

    /// <summary>Sets the modification time of <paramref name="name"/> itself (a symlink's own), leaving the access time.</summary>
    public void SetModificationTime(byte[] name, long unixSeconds)
    {
        long[] times = [0, UtimeOmit, unixSeconds, 0];
        if (NativeMethods.utimensatAt(_fd, Terminated(name), times, AtSymlinkNoFollow) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "set the modification time of", PathOf(name));
        }
    }

    /// <summary>Removes the entry <paramref name="name"/>: a file or symlink, or an empty directory if <paramref name="directory"/>.</summary>
    public void Remove(byte[] name, bool directory)
    {
        if (NativeMethods.unlinkat(_fd, Terminated(name), directory ? AtRemoveDir : 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != ENoEnt)
            {
                throw Failure(errno, "remove", PathOf(name));
            }
        }
    }

    /// <summary>Moves entry <paramref name="name"/> to <paramref name="newName"/> in <paramref name="destination"/> (same file system).</summary>
    public void Move(byte[] name, NativeDirectory destination, byte[] newName)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (NativeMethods.renameatBytes(_fd, Terminated(name), destination._fd, Terminated(newName)) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "move", PathOf(name));
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = NativeMethods.close(fd);
        }
    }

    /// <summary>The path of entry <paramref name="name"/> for messages.</summary>
    public string PathOf(ReadOnlySpan<byte> name) => DisplayPath + "/" + Display(name);

    private static byte[] ReadName(nint address)
    {
        var length = 0;
        while (Marshal.ReadByte(address, length) != 0)
        {
            length++;
        }

        var name = new byte[length];
        Marshal.Copy(address, name, 0, length);
        return name;
    }

    private static byte[] Terminated(ReadOnlySpan<byte> name)
    {
        if (name.IndexOf((byte)0) >= 0)
        {
            throw new ArgumentException("a file name cannot contain a NUL byte", nameof(name));
        }

        var terminated = new byte[name.Length + 1];
        name.CopyTo(terminated);
        return terminated;
    }

    private static IOException Failure(int errno, string action, string path) =>
        new($"cannot {action} '{path}': {new Win32Exception(errno).Message}", errno);
}
