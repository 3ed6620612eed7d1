using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// Where the SSH master connections of <see cref="RemoteMachineOptions.Multiplex"/> listen: one socket per machine in a
/// directory only this node's user can enter (0700), so no other local user can reach an authenticated connection
/// through it. The directory is <c>SSH-DIRECTORY/mux</c> under the node's work directory when a socket path there fits
/// a Unix socket address (108 bytes), else a fresh private directory from <c>mkdtemp</c> under the temp directory.
/// </summary>
internal static class SshControlSockets
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // sun_path holds 107 bytes and a NUL; a socket name is 16 hex digits, and ssh binds "NAME.<16 random>" first.
    private const int MaxDirectoryBytes = 107 - 1 - 16 - 17;

    private static readonly ConcurrentDictionary<string, string> Directories = new(StringComparer.Ordinal);

    /// <summary>The machine's socket (<c>ControlPath</c>), named by a hash of its URI (user, host and port).</summary>
    public static string PathFor(RemoteMachine machine, string sshDirectory)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var directory = Directories.GetOrAdd(sshDirectory, Choose);
        if (Encoding.UTF8.GetByteCount(directory) > MaxDirectoryBytes)
        {
            throw new RemoteMachineException(
                machine.StoreUri,
                $"the SSH control socket directory '{directory}' is too long for a Unix socket path (at most {MaxDirectoryBytes} bytes); set a shorter TMPDIR or turn Multiplex off");
        }

        return Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(machine.StoreUri)))[..16]);
    }

    /// <summary>Removes the sockets' directory when it is a temporary one (after the masters were stopped).</summary>
    public static void Release(string sshDirectory)
    {
        if (Directories.TryRemove(sshDirectory, out var directory) && directory != Path.Combine(sshDirectory, "mux"))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Choose(string sshDirectory)
    {
        var preferred = Path.Combine(sshDirectory, "mux");
        if (Encoding.UTF8.GetByteCount(preferred) > MaxDirectoryBytes)
        {
            // mkdtemp: a new directory, created 0700 and owned by this process's user, so nobody else prepared it.
            return Directory.CreateTempSubdirectory("asterfarm-ssh-").FullName;
        }

        Directory.CreateDirectory(preferred, Private);
        File.SetUnixFileMode(preferred, Private);
        return preferred;
    }
}
