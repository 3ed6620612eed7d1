namespace AsterFarm.Builder.Tests.Support;

/// <summary>A snapshot of the host's binfmt_misc state: what is mounted and what is registered.</summary>
internal sealed record HostBinfmt(string Mounts, string Registrations)
{
    private const string Directory = "/proc/sys/fs/binfmt_misc";

    public static HostBinfmt Capture()
    {
        var mounts = string.Join('\n', File.ReadLines("/proc/self/mountinfo").Where(line => line.Contains("binfmt_misc", StringComparison.Ordinal)));
        var registrations = System.IO.Directory.Exists(Directory)
            ? string.Join('\n', System.IO.Directory.EnumerateFileSystemEntries(Directory).Order(StringComparer.Ordinal)
                .Select(path => path + (path.EndsWith("/register", StringComparison.Ordinal) ? string.Empty : ":" + TryRead(path))))
            : "(no directory)";
        return new HostBinfmt(mounts, registrations);
    }

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "(unreadable)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(unreadable)";
        }
    }
}
