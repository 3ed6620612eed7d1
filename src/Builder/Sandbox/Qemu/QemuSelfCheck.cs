using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>
/// The builder's start-up check of emulation: for each emulator found, a <see cref="ProbeProgram"/> of its
/// architecture runs in the real sandbox, exactly as an emulated build would (private binfmt_misc in the build's
/// user namespace). Only emulators whose probe exits with <see cref="ProbeProgram.ExpectedExitCode"/> are offered, so
/// a node whose QEMU setup is broken (no user namespaces, no binfmt_misc, a container that forbids the mounts, a
/// wrong emulator) says why in its log instead of failing every build of that system.
/// </summary>
public static class QemuSelfCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the probe of each of <paramref name="emulators"/> under <paramref name="workDirectory"/>.</summary>
    public static async Task<IReadOnlyList<QemuCheckResult>> RunAsync(
        IEnumerable<QemuEmulator> emulators, SandboxOptions sandbox, string workDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulators);
        var results = new List<QemuCheckResult>();
        foreach (var emulator in emulators)
        {
            results.Add(await CheckAsync(emulator, sandbox, workDirectory, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static async Task<QemuCheckResult> CheckAsync(QemuEmulator emulator, SandboxOptions sandbox, string workDirectory, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var root = Path.Combine(workDirectory, $"qemu-check-{emulator.Format.Name}-{Guid.NewGuid():N}");
        try
        {
            var build = Directory.CreateDirectory(Path.Combine(root, "build")).FullName;
            var store = Directory.CreateDirectory(Path.Combine(root, "store")).FullName;
            var probe = Path.Combine(build, "probe");
            await File.WriteAllBytesAsync(probe, ProbeProgram.For(emulator.Format), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var spec = new SandboxSpec
            {
                Builder = "/build/probe",
                Environment = new Dictionary<string, string> { ["PATH"] = "/path-not-set" },
                BuildDirectory = build,
                StoreDirectory = store,
                Emulator = emulator,
                Timeout = ProbeTimeout,
            };
            var result = await new SandboxedProcess(sandbox).RunAsync(spec, NullBuildLogSink.Instance, cancellationToken).ConfigureAwait(false);
            var failure = result.Termination == SandboxTermination.Exited && result.ExitCode == ProbeProgram.ExpectedExitCode
                ? null
                : $"the {emulator.System} probe exited with {result.ExitCode} instead of {ProbeProgram.ExpectedExitCode}" +
                  $" ({result.Reason ?? result.Termination.ToString()}): {Tail(result.LogTail)}";
            return new QemuCheckResult(emulator, failure, TimeProvider.System.GetElapsedTime(started));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new QemuCheckResult(emulator, $"the {emulator.System} probe could not be started: {e.Message}", TimeProvider.System.GetElapsedTime(started));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover probe directory is harmless; the check's verdict matters more than its cleanup.
            }
        }
    }

    private static string Tail(string log)
    {
        var text = log.Trim();
        return text.Length == 0 ? "no output" : text.Length <= 400 ? text : "…" + text[^400..];
    }
}
