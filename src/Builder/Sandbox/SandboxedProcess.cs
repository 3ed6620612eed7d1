using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AsterFarm.Builder.Sandbox.Limits;
using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Runs one derivation's builder in a bubblewrap sandbox (natively or under QEMU user-mode emulation), streams
/// its log, enforces the timeout and max-silent-time, and ends its whole process tree.
/// </summary>
public sealed class SandboxedProcess
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> ReachableDirectories = new(StringComparer.Ordinal);

    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;

    public SandboxedProcess(SandboxOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Runs the builder described by <paramref name="spec"/> to completion. A non-zero exit, a timeout or too long a
    /// silence is a <see cref="SandboxResult"/>; cancelling <paramref name="cancellationToken"/> kills the process
    /// tree and then throws <see cref="OperationCanceledException"/>. Every process of the build has ended when this
    /// returns or throws.
    /// </summary>
    public async Task<SandboxResult> RunAsync(SandboxSpec spec, IBuildLogSink log, CancellationToken cancellationToken)
    {
        Validate(spec);
        cancellationToken.ThrowIfCancellationRequested();
        var etc = SandboxEtcFiles.ForThisProcess();
        var cgroup = _options.UseCgroups ? BuildCgroup.Rent(SandboxLimits.From(_options)) : null;
        try
        {
            var argv0Supported = await BubblewrapFeatures.SupportsArgv0Async(_options.BubblewrapPath).ConfigureAwait(false);
            var launcher = ProcessLauncher.For(_options.DisableAddressRandomization);
            // A node running as root hands the build an unprivileged host uid; otherwise its own uid already is one.
            var dropToBuildUser = Environment.IsPrivilegedProcess;
            if (dropToBuildUser)
            {
                GiveToBuildUser(spec);
            }

            var (fileName, arguments) = SandboxCommandLine.Build(
                _options, spec, etc, argv0Supported, launcher.AddressRandomizationDisabled, cgroup?.ProcsFiles, dropToBuildUser);
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                WorkingDirectory = spec.BuildDirectory,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // The host-side helpers get a minimal environment; the builder's comes only from --setenv.
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
            using var process = await launcher.StartAsync(start).ConfigureAwait(false);
            using var run = new SandboxRun(process, _options, _time, log, cgroup);
            return await run.WaitAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The sandbox's processes are gone (SandboxRun ends them all): the group can serve the next build.
            cgroup?.Return();
            RemoveInputMountPoints(spec);
        }
    }

    // The build user writes its build directory and outputs (the generated /etc files are readable by all); nothing
    // else of the node is its own.
    private void GiveToBuildUser(SandboxSpec spec)
    {
        foreach (var directory in spec.InputPaths.Take(1).Select(Path.GetDirectoryName).Append(spec.BuildDirectory))
        {
            EnsureReachable(directory!);
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(spec.BuildDirectory).Append(spec.BuildDirectory).Append(spec.StoreDirectory))
        {
            if (LChown(path, _options.BuildUser, _options.BuildGroup) != 0)
            {
                throw new IOException($"cannot give '{path}' to the build user {_options.BuildUser}:{_options.BuildGroup}: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    // bubblewrap, already running as the build user, must reach the directories it binds; a node directory under a
    // 0700 parent would otherwise fail every build as if the derivation had.
    private static void EnsureReachable(string directory)
    {
        for (var current = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)); current is not null; current = Path.GetDirectoryName(current))
        {
            if (!ReachableDirectories.ContainsKey(current))
            {
                if ((File.GetUnixFileMode(current) & UnixFileMode.OtherExecute) == 0)
                {
                    throw new IOException($"the build user cannot reach '{directory}': '{current}' is not searchable by others (chmod o+x, or move the node's directories)");
                }

                ReachableDirectories.TryAdd(current, true);
            }
        }
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);

    internal static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static void Validate(SandboxSpec spec)
    {
        if (!spec.Builder.StartsWith('/'))
        {
            throw new ArgumentException($"the builder '{spec.Builder}' must be an absolute path inside the sandbox", nameof(spec));
        }

        foreach (var dir in new[] { spec.BuildDirectory, spec.StoreDirectory })
        {
            if (!Path.IsPathRooted(dir) || !Directory.Exists(dir))
            {
                throw new ArgumentException($"'{dir}' must be an existing absolute host directory", nameof(spec));
            }
        }
    }

    // bubblewrap creates an empty directory or file in the store directory as the mount point of each input;
    // removing them leaves only what the builder created.
    private static void RemoveInputMountPoints(SandboxSpec spec)
    {
        foreach (var input in spec.InputPaths)
        {
            var stub = Path.Combine(spec.StoreDirectory, Path.GetFileName(Path.TrimEndingDirectorySeparator(input)));
            var info = new FileInfo(stub);
            if (info.LinkTarget is not null)
            {
                continue;
            }

            if (Directory.Exists(stub) && !Directory.EnumerateFileSystemEntries(stub).Any())
            {
                Directory.Delete(stub);
            }
            else if (info.Exists && info.Length == 0)
            {
                info.Delete();
            }
        }
    }
}
