using System.Globalization;
using AsterFarm.Builder.Sandbox.Qemu;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Builds the host command line that runs one sandboxed builder:
/// <code>
/// sh -c 'exec &lt;/dev/null 2&gt;&amp;1; ulimit -c 0; ulimit -f BLOCKS; join cgroups; exec "$@"' sh BLOCKS N PROCS…
///    [prlimit --nproc --data --]  (only without a cgroup)
///    [setpriv --reuid=BUILD-USER --regid=BUILD-GROUP --clear-groups --]  (only when the node runs as root)
///    [unshare --user --map-root-user --mount -- sh -c 'mount binfmt_misc; register; exec "$@"' sh MOUNT LINE]
///    [setarch -R] bwrap OPTIONS -- BUILDER ARGS
/// </code>
/// The outer shell gives stdin <c>/dev/null</c>, stdout and stderr one pipe, no core dumps, the file size limit, and
/// puts itself (so everything after it) into the build's cgroup. <c>setpriv</c> makes the host uid of everything in
/// the sandbox an unprivileged one. For an emulated build, <c>unshare</c> creates a user namespace (uid/gid 0 mapped
/// to the build user) and a private mount
/// namespace in which a fresh binfmt_misc instance is mounted (per user namespace since Linux 6.7) and the
/// emulator registered; bubblewrap's nested user namespace sees that registration, the host never does.
/// </summary>
internal static class SandboxCommandLine
{
    internal const string BinfmtMountPoint = "/proc/sys/fs/binfmt_misc";

    // exec: bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) fires when the parent *thread* ends, and the thread
    // that forks this shell is ProcessLauncher's, which lives as long as the node; so bubblewrap can replace the
    // shell (one process fewer per build) and still dies with the node.
    // $1: the file size limit (512-byte blocks); $2: how many cgroup.procs files follow, which the shell joins before
    // anything of the build exists, so every process the build ever starts is in its group.
    private const string OuterScript =
        "exec </dev/null 2>&1; ulimit -c 0; ulimit -f \"$1\" || exit 126; n=$2; shift 2; " +
        "while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 126; shift; n=$((n-1)); done; exec \"$@\"";

    private const string BinfmtScript =
        "mount=$1 line=$2; shift 2; " +
        "\"$mount\" -t binfmt_misc binfmt_misc " + BinfmtMountPoint + " || exit 125; " +
        "printf '%s' \"$line\" > " + BinfmtMountPoint + "/register || exit 125; " +
        "exec \"$@\"";

    /// <summary>The program and its arguments (argv[1..]) to start on the host.</summary>
    /// <param name="options">Node settings.</param>
    /// <param name="spec">The build.</param>
    /// <param name="etc">The generated /etc files of this run.</param>
    /// <param name="argv0Supported">Whether bubblewrap has <c>--argv0</c> (≥ 0.9), so argv[0] can be the builder's basename.</param>
    /// <param name="personalityInherited">Whether the starting thread already has <c>ADDR_NO_RANDOMIZE</c>, so no <c>setarch -R</c> is needed.</param>
    /// <param name="cgroupProcsFiles">The build's cgroup(s) to join, or empty where it has none (rlimits stand in).</param>
    /// <param name="dropToBuildUser">Whether to switch to <see cref="SandboxOptions.BuildUser"/> first (the node runs as root).</param>
    public static (string FileName, IReadOnlyList<string> Arguments) Build(
        SandboxOptions options,
        SandboxSpec spec,
        SandboxEtcFiles etc,
        bool argv0Supported,
        bool personalityInherited = false,
        IReadOnlyList<string>? cgroupProcsFiles = null,
        bool dropToBuildUser = false)
    {
        cgroupProcsFiles ??= [];
        var fileSizeBlocks = options.MaxDiskBytes is { } disk ? ((disk + 511) / 512).ToString(CultureInfo.InvariantCulture) : "unlimited";
        var args = new List<string> { "-c", OuterScript, "sh", fileSizeBlocks, cgroupProcsFiles.Count.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(cgroupProcsFiles);
        if (cgroupProcsFiles.Count == 0)
        {
            var limits = Limits.SandboxLimits.From(options);
            args.AddRange(
            [
                options.PrlimitPath,
                string.Create(CultureInfo.InvariantCulture, $"--nproc={limits.MaxProcesses}"),
                string.Create(CultureInfo.InvariantCulture, $"--data={limits.MaxMemoryBytes}"),
                "--",
            ]);
        }

        if (dropToBuildUser)
        {
            args.AddRange(
            [
                options.SetprivPath,
                string.Create(CultureInfo.InvariantCulture, $"--reuid={options.BuildUser}"),
                string.Create(CultureInfo.InvariantCulture, $"--regid={options.BuildGroup}"),
                "--clear-groups", "--",
            ]);
        }

        if (spec.Emulator is { } emulator)
        {
            AddEmulation(args, options, emulator);
        }

        if (options.DisableAddressRandomization && !personalityInherited)
        {
            args.AddRange([options.SetarchPath, "-R"]);
        }

        args.Add(options.BubblewrapPath);
        AddBubblewrapOptions(args, options, spec, etc);
        if (argv0Supported)
        {
            args.AddRange(["--argv0", Path.GetFileName(spec.Builder)]);
        }

        args.Add("--");
        args.Add(spec.Builder);
        args.AddRange(spec.Arguments);
        return (options.HostShellPath, args);
    }

    private static void AddEmulation(List<string> args, SandboxOptions options, QemuEmulator emulator) =>
        args.AddRange(
        [
            options.UnsharePath, "--user", "--map-root-user", "--mount", "--propagation", "private", "--",
            options.HostShellPath, "-c", BinfmtScript, "sh", options.MountPath, emulator.RegistrationLine,
        ]);

    private static void AddBubblewrapOptions(List<string> args, SandboxOptions options, SandboxSpec spec, SandboxEtcFiles etc)
    {
        args.AddRange(
        [
            "--unshare-user", "--uid", $"{SandboxIdentity.Uid}", "--gid", $"{SandboxIdentity.Gid}",
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", SandboxIdentity.Hostname,
            // The builder is PID 1 as in Nix; when it exits the kernel kills everything else in the namespace,
            // and --die-with-parent ends it when the node kills bubblewrap.
            "--as-pid-1", "--die-with-parent", "--new-session",
            "--proc", "/proc", "--dev", "/dev",
            "--size", options.TmpfsBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/dev/shm",
            "--perms", "1777", "--size", options.TmpfsBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp",
            "--bind", spec.StoreDirectory, SandboxIdentity.StoreDirectory,
        ]);
        if (!spec.AllowNetwork)
        {
            args.Add("--unshare-net");
        }

        if (options.DisableNestedUserNamespaces)
        {
            args.Add("--disable-userns");
        }

        foreach (var input in spec.InputPaths)
        {
            args.AddRange(["--ro-bind", input, $"{SandboxIdentity.StoreDirectory}/{Path.GetFileName(Path.TrimEndingDirectorySeparator(input))}"]);
        }

        foreach (var path in options.ImpureHostPaths)
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }

        args.AddRange(
        [
            "--bind", spec.BuildDirectory, SandboxIdentity.BuildDirectory,
            "--ro-bind", etc.PasswdPath, "/etc/passwd",
            "--ro-bind", etc.GroupPath, "/etc/group",
        ]);
        if (spec.AllowNetwork)
        {
            // Fixed-output derivations resolve names like Nix's: the host's resolver files and a minimal nsswitch.
            args.AddRange(
            [
                "--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf",
                "--ro-bind-try", "/etc/services", "/etc/services",
                "--ro-bind-try", "/etc/hosts", "/etc/hosts",
                "--ro-bind", etc.NsSwitchPath, "/etc/nsswitch.conf",
            ]);
        }
        else
        {
            args.AddRange(["--ro-bind", etc.HostsPath, "/etc/hosts"]);
        }

        // /dev is bubblewrap's tmpfs of device nodes: read-only like Nix's, with /dev/shm a separate writable tmpfs.
        args.AddRange(["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SandboxIdentity.BuildDirectory, "--clearenv"]);
        foreach (var (name, value) in spec.Environment)
        {
            args.AddRange(["--setenv", name, value]);
        }
    }
}
