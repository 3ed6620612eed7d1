using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AsterFarm.Builder.Sandbox.Limits;

/// <summary>
/// The control group a build runs in, below the node's own (cgroup v2, or the v1 <c>pids</c>, <c>memory</c> and
/// <c>cpu</c> hierarchies): process and memory limits and a CPU weight for everything the build starts, a way to tell
/// afterwards which limit it hit, and to kill whatever is left. Groups are made once and reused, one per build running
/// at once (<see cref="Rent"/>, <see cref="Return"/>): a group is handed out only empty, with the limits of the build
/// written, and with its event counters read, so that only this build's limit events count. Making and removing three
/// v1 groups per build cost more than the build of a small derivation, and every removed memory group lingers in the
/// kernel while pages are charged to it. <see cref="Rent"/> returns null where the node cannot create groups (not root,
/// read-only <c>/sys/fs/cgroup</c>, v2 without delegated controllers); rlimits apply then.
/// </summary>
internal sealed partial class BuildCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private static readonly ConcurrentStack<BuildCgroup> Idle = new();
    private static int _exitHookInstalled;

    private readonly bool _v2;
    private readonly IReadOnlyList<string> _directories;
    private SandboxLimits _limits;
    private long _oomKillsBefore;
    private long _processLimitHitsBefore;

    private BuildCgroup(bool v2, IReadOnlyList<string> directories, SandboxLimits limits)
    {
        _v2 = v2;
        _directories = directories;
        _limits = limits;
    }

    /// <summary>The <c>cgroup.procs</c> files the build's first process writes its pid to (one per v1 hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => [.. _directories.Select(d => Path.Combine(d, "cgroup.procs"))];

    /// <summary>
    /// An empty group with <paramref name="limits"/> for one build: an idle one of this process, else a new one; null
    /// where groups cannot be made. Give it back with <see cref="Return"/> once the build's processes are gone.
    /// </summary>
    public static BuildCgroup? Rent(SandboxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        while (Idle.TryPop(out var idle))
        {
            try
            {
                if (!idle._directories.All(Directory.Exists))
                {
                    throw new DirectoryNotFoundException("an idle build cgroup was removed");
                }

                if (idle._limits != limits)
                {
                    idle.WriteLimits(limits);
                }

                idle.ReadCountersBefore();
                return idle;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Removed or changed behind the node's back: make another.
                idle.Dispose();
            }
        }

        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveIdle();
            // A node that was killed kept its idle groups: remove the empty ones of processes that no longer exist.
            SweepLeftovers(ParentDirectories());
        }

        var created = TryCreate(limits, string.Create(CultureInfo.InvariantCulture, $"asterfarm-build-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        created?.ReadCountersBefore();
        return created;
    }

    /// <summary>
    /// Gives the group back for the next build once nothing of this one is left in it (whatever is, is killed; a
    /// group that still is not empty is removed instead, or left to the kernel if it cannot be).
    /// </summary>
    public void Return()
    {
        if (_directories.Any(directory => ReadPids(directory).Count > 0))
        {
            KillAll();
            if (_directories.Any(directory => ReadPids(directory).Count > 0))
            {
                Dispose();
                return;
            }
        }

        Idle.Push(this);
    }

    /// <summary>
    /// Removes, under each of <paramref name="parents"/>, the groups this pool made in processes that have ended
    /// (<c>asterfarm-build-PID-…</c> with no process PID); a group that still holds a process cannot be removed and stays.
    /// Returns how many were removed.
    /// </summary>
    internal static int SweepLeftovers(IEnumerable<string> parents)
    {
        var removed = 0;
        foreach (var parent in parents.Where(Directory.Exists))
        {
            foreach (var directory in Directory.EnumerateDirectories(parent, "asterfarm-build-*"))
            {
                var match = PooledName().Match(Path.GetFileName(directory));
                if (match.Success && !Directory.Exists("/proc/" + match.Groups[1].Value))
                {
                    try
                    {
                        Directory.Delete(directory);
                        removed++;
                    }
                    catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                    {
                        // Still in use, or not ours to remove.
                    }
                }
            }
        }

        return removed;
    }

    /// <summary>Removes this process's idle groups (at exit).</summary>
    internal static void RemoveIdle()
    {
        while (Idle.TryPop(out var idle))
        {
            Remove(idle._directories);
        }
    }

    // A new group with the limits, or null where groups cannot be made.
    private static BuildCgroup? TryCreate(SandboxLimits limits, string name)
    {
        var directories = new List<string>();
        try
        {
            var v2 = File.Exists(Path.Combine(Root, "cgroup.controllers"));
            if (v2)
            {
                if (CreateV2(name) is not { } directory)
                {
                    return null;
                }

                directories.Add(directory);
            }
            else
            {
                foreach (var controller in (string[])["pids", "memory", "cpu"])
                {
                    if (OwnGroup(controller) is not { } parent)
                    {
                        Remove(directories);
                        return null;
                    }

                    var directory = Path.Combine(Root, controller, parent.TrimStart('/'), name);
                    Directory.CreateDirectory(directory);
                    directories.Add(directory);
                }
            }

            var group = new BuildCgroup(v2, directories, limits);
            group.WriteLimits(limits);
            return group;
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
        if (OomKills() > _oomKillsBefore)
        {
            return SandboxLimits.MemoryReason(_limits.MaxMemoryBytes);
        }

        return ProcessLimitHits() > _processLimitHitsBefore ? SandboxLimits.ProcessReason(_limits.MaxProcesses) : null;
    }

    // The counters only grow: a reused group's earlier builds are told apart by the values before this one.
    private void ReadCountersBefore()
    {
        _oomKillsBefore = OomKills();
        _processLimitHitsBefore = ProcessLimitHits();
    }

    // oom_kill, not failcnt: reclaiming page cache at the limit counts as a failure too, and is harmless.
    private long OomKills() => _v2 ? Counter(_directories[0], "memory.events", "oom_kill") : Counter(_directories[1], "memory.oom_control", "oom_kill");

    private long ProcessLimitHits() => Counter(_directories[0], "pids.events", "max");

    // Written when a group is made, and again only when a build with other limits gets it.
    private void WriteLimits(SandboxLimits limits)
    {
        var memory = limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture);
        if (_v2)
        {
            Write(_directories[0], "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
            Write(_directories[0], "memory.max", memory);
            TryWrite(_directories[0], "memory.swap.max", "0");
            TryWrite(_directories[0], "cpu.weight", limits.CpuWeight.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Write(_directories[0], "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
            // memory+swap may never be below memory alone: lift it, set memory, then bound it again. Without swap
            // accounting the memory limit alone pushes the build into swap instead of stopping it.
            TryWrite(_directories[1], "memory.memsw.limit_in_bytes", "-1");
            Write(_directories[1], "memory.limit_in_bytes", memory);
            TryWrite(_directories[1], "memory.memsw.limit_in_bytes", memory);
            Write(_directories[2], "cpu.shares", (limits.CpuWeight * 1024 / 100).ToString(CultureInfo.InvariantCulture));
        }

        _limits = limits;
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

    private static string? CreateV2(string name)
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
        return directory;
    }

    // Where this process makes its groups: its own group in each hierarchy it uses.
    private static List<string> ParentDirectories()
    {
        try
        {
            string[] controllers = File.Exists(Path.Combine(Root, "cgroup.controllers")) ? [string.Empty] : ["pids", "memory", "cpu"];
            return [.. controllers.Select(c => OwnGroup(c) is { } own ? Path.Combine(Root, c, own.TrimStart('/')) : null).OfType<string>()];
        }
        catch (IOException)
        {
            return [];
        }
    }

    [GeneratedRegex("^asterfarm-build-([0-9]+)-[0-9a-f]{32}$")]
    private static partial Regex PooledName();

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
