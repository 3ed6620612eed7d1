using System.Globalization;

namespace AsterFarm.Builder.Sandbox.Limits;

/// <summary>
/// The control group of one build, below the node's own (cgroup v2, or the v1 <c>pids</c>, <c>memory</c> and <c>cpu</c>
/// hierarchies): process and memory limits and a CPU weight for everything the build starts, a way to tell afterwards
/// which limit it hit, and to kill whatever is left. <see cref="TryCreate"/> returns null where the node cannot
/// create groups (not root, read-only <c>/sys/fs/cgroup</c>, v2 without delegated controllers); rlimits apply then.
/// </summary>
internal sealed class BuildCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private readonly bool _v2;
    private readonly IReadOnlyList<string> _directories;
    private readonly SandboxLimits _limits;

    private BuildCgroup(bool v2, IReadOnlyList<string> directories, SandboxLimits limits)
    {
        _v2 = v2;
        _directories = directories;
        _limits = limits;
    }

    /// <summary>The <c>cgroup.procs</c> files the build's first process writes its pid to (one per v1 hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => [.. _directories.Select(d => Path.Combine(d, "cgroup.procs"))];

    /// <summary>A new group for one build with <paramref name="limits"/>, or null where groups cannot be made.</summary>
    public static BuildCgroup? TryCreate(SandboxLimits limits, string name)
    {
        var directories = new List<string>();
        try
        {
            if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
            {
                var group = CreateV2(limits, name);
                if (group is not null)
                {
                    directories.Add(group);
                    return new BuildCgroup(true, directories, limits);
                }

                return null;
            }

            foreach (var controller in (string[])["pids", "memory", "cpu"])
            {
                var parent = OwnGroup(controller);
                if (parent is null)
                {
                    Remove(directories);
                    return null;
                }

                var directory = Path.Combine(Root, controller, parent.TrimStart('/'), name);
                Directory.CreateDirectory(directory);
                directories.Add(directory);
            }

            Write(directories[0], "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
            Write(directories[1], "memory.limit_in_bytes", limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture));
            // Without swap accounting the memory limit alone pushes the build into swap instead of stopping it.
            TryWrite(directories[1], "memory.memsw.limit_in_bytes", limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture));
            Write(directories[2], "cpu.shares", (limits.CpuWeight * 1024 / 100).ToString(CultureInfo.InvariantCulture));
            return new BuildCgroup(false, directories, limits);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Remove(directories);
            return null;
        }
    }

    /// <summary>Which limit the build ran into, as a sentence for the failure report; null if none.</summary>
    public string? ExceededLimit()
    {
        if (_v2)
        {
            var directory = _directories[0];
            if (Counter(directory, "memory.events", "oom_kill") > 0)
            {
                return SandboxLimits.MemoryReason(_limits.MaxMemoryBytes);
            }

            return Counter(directory, "pids.events", "max") > 0 ? SandboxLimits.ProcessReason(_limits.MaxProcesses) : null;
        }

        // oom_kill, not failcnt: reclaiming page cache at the limit counts as a failure too, and is harmless.
        if (Counter(_directories[1], "memory.oom_control", "oom_kill") > 0)
        {
            return SandboxLimits.MemoryReason(_limits.MaxMemoryBytes);
        }

        return Counter(_directories[0], "pids.events", "max") > 0 ? SandboxLimits.ProcessReason(_limits.MaxProcesses) : null;
    }

    /// <summary>Kills every process still in the group (none should be: the sandbox's PID namespace ended).</summary>
    public void KillAll()
    {
        if (_v2 && TryWrite(_directories[0], "cgroup.kill", "1"))
        {
            return;
        }

        foreach (var pid in ReadPids(_directories[0]))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    public void Dispose()
    {
        KillAll();
        Remove(_directories);
    }

    private static string? CreateV2(SandboxLimits limits, string name)
    {
        var parent = OwnGroup(string.Empty);
        if (parent is null)
        {
            return null;
        }

        var parentDirectory = Path.Combine(Root, parent.TrimStart('/'));
        var controllers = File.ReadAllText(Path.Combine(parentDirectory, "cgroup.subtree_control"));
        if (!(controllers.Contains("pids", StringComparison.Ordinal) && controllers.Contains("memory", StringComparison.Ordinal))
            && !TryWrite(parentDirectory, "cgroup.subtree_control", "+pids +memory +cpu"))
        {
            // The node's group holds processes, so v2's "no internal processes" rule forbids delegating: use rlimits.
            return null;
        }

        var directory = Path.Combine(parentDirectory, name);
        Directory.CreateDirectory(directory);
        Write(directory, "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        Write(directory, "memory.max", limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture));
        TryWrite(directory, "memory.swap.max", "0");
        TryWrite(directory, "cpu.weight", limits.CpuWeight.ToString(CultureInfo.InvariantCulture));
        return directory;
    }

    // This process's group in one hierarchy (v1 controller name, or "" for v2), from /proc/self/cgroup.
    private static string? OwnGroup(string controller)
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (controller.Length == 0 ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains(controller)))
            {
                return parts[2];
            }
        }

        return null;
    }

    private static long Counter(string directory, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static List<int> ReadPids(string directory)
    {
        try
        {
            return [.. File.ReadLines(Path.Combine(directory, "cgroup.procs")).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void Write(string directory, string file, string value) => File.WriteAllText(Path.Combine(directory, file), value);

    private static bool TryWrite(string directory, string file, string value)
    {
        try
        {
            Write(directory, file, value);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Remove(IEnumerable<string> directories)
    {
        foreach (var directory in directories)
        {
            try
            {
                // A cgroup directory is removed with rmdir alone (its files are virtual); it fails while processes remain.
                Directory.Delete(directory);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
