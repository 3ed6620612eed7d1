using System.Diagnostics;
using AsterFarm.Builder.Sandbox.Limits;
using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// One started sandbox process: pumps its log pipe, watches the limits, kills the tree when one is exceeded or the
/// caller cancels, and assembles the result.
/// </summary>
internal sealed class SandboxRun : IDisposable
{
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Process _process;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly IBuildLogSink _sink;
    private readonly TailBuffer _tail;
    private readonly long _started;
    private long _lastOutput;
    private SandboxTermination _termination = SandboxTermination.Exited;
    private string? _killReason;

    private readonly BuildCgroup? _cgroup;

    public SandboxRun(Process process, SandboxOptions options, TimeProvider time, IBuildLogSink sink, BuildCgroup? cgroup = null)
    {
        _cgroup = cgroup;
        _process = process;
        _options = options;
        _time = time;
        _sink = sink;
        _tail = new TailBuffer(options.LogTailBytes);
        _started = time.GetTimestamp();
        _lastOutput = _started;
    }

    public async Task<SandboxResult> WaitAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var pump = PumpLogAsync(_process.StandardOutput.BaseStream, new LogRedactor(spec.RedactedSecrets));
        var exited = _process.WaitForExitAsync(CancellationToken.None);
        using (cancellationToken.UnsafeRegister(_ => Kill(SandboxTermination.Exited, "cancelled"), null))
        {
            var disk = WatchDiskAsync(spec, exited);
            await WatchLimitsAsync(spec, exited).ConfigureAwait(false);
            await exited.ConfigureAwait(false);
            await disk.ConfigureAwait(false);
        }

        await DrainAsync(pump).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = _process.ExitCode;
        if (_killReason is null && exitCode != 0 && _cgroup?.ExceededLimit() is { } exceeded)
        {
            // The builder failed after the kernel refused it a process or killed one for memory: that is the cause.
            _termination = SandboxTermination.ResourceLimit;
            _killReason = exceeded;
        }

        var reason = _killReason ?? (exitCode == 0 ? null : DescribeExit(exitCode));
        return new SandboxResult(_termination, exitCode, reason, _time.GetElapsedTime(_started), _tail.ToString(), _tail.TotalBytes);
    }

    public void Dispose()
    {
        // Whatever happened above, no process of this build may outlive the run.
        Kill(_termination, _killReason ?? "run ended");
    }

    private static string DescribeExit(int exitCode) =>
        exitCode is > 128 and < 128 + 65
            ? $"builder failed with exit code {exitCode} (killed by signal {exitCode - 128}, or exited with that status)"
            : $"builder failed with exit code {exitCode}";

    private async Task WatchLimitsAsync(SandboxSpec spec, Task exited)
    {
        while (!exited.IsCompleted)
        {
            var now = _time.GetTimestamp();
            TimeSpan? wait = null;
            if (spec.Timeout is { } timeout)
            {
                var left = timeout - _time.GetElapsedTime(_started, now);
                if (left <= TimeSpan.Zero)
                {
                    Kill(SandboxTermination.TimedOut, $"timed out after {SandboxedProcess.FormatSeconds(timeout)}");
                    return;
                }

                wait = left;
            }

            if (spec.MaxSilentTime is { } silence)
            {
                var left = silence - _time.GetElapsedTime(Volatile.Read(ref _lastOutput), now);
                if (left <= TimeSpan.Zero)
                {
                    Kill(SandboxTermination.Silent, $"no output for {SandboxedProcess.FormatSeconds(silence)} (max-silent-time)");
                    return;
                }

                wait = wait is { } w && w < left ? w : left;
            }

            if (wait is not { } delay)
            {
                return;
            }

            using var stopDelay = new CancellationTokenSource();
            await Task.WhenAny(exited, Task.Delay(delay, _time, stopDelay.Token)).ConfigureAwait(false);
            await stopDelay.CancelAsync().ConfigureAwait(false);
        }
    }

    // The build directory and outputs are on the node's disk: measured every DiskCheckInterval, the build is killed
    // when they pass MaxDiskBytes (a single file never can: RLIMIT_FSIZE stops it at once).
    private async Task WatchDiskAsync(SandboxSpec spec, Task exited)
    {
        if (_options.MaxDiskBytes is not { } limit)
        {
            return;
        }

        while (!exited.IsCompleted)
        {
            using var stopDelay = new CancellationTokenSource();
            await Task.WhenAny(exited, Task.Delay(_options.DiskCheckInterval, _time, stopDelay.Token)).ConfigureAwait(false);
            await stopDelay.CancelAsync().ConfigureAwait(false);
            if (!exited.IsCompleted && await DiskUsage.MeasureAsync([spec.BuildDirectory, spec.StoreDirectory]).ConfigureAwait(false) > limit)
            {
                Kill(SandboxTermination.ResourceLimit, SandboxLimits.DiskReason(limit));
                return;
            }
        }
    }

    private async Task PumpLogAsync(Stream output, LogRedactor redactor)
    {
        var buffer = new byte[ReadBufferBytes];
        int read;
        while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            Volatile.Write(ref _lastOutput, _time.GetTimestamp());
            await WriteLogAsync(redactor.Process(buffer.AsMemory(0, read))).ConfigureAwait(false);
        }

        await WriteLogAsync(redactor.Flush()).ConfigureAwait(false);
    }

    private async Task WriteLogAsync(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _tail.Append(bytes.Span);
        await _sink.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
    }

    // Every process in the sandbox has ended once bubblewrap has (PID namespace), so the pipe closes at once;
    // the bound only guards against a descriptor leaked outside the sandbox.
    private async Task DrainAsync(Task pump)
    {
        var finished = await Task.WhenAny(pump, Task.Delay(_options.LogDrainTimeout, _time)).ConfigureAwait(false);
        if (finished != pump)
        {
            await _process.StandardOutput.BaseStream.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (finished != pump)
        {
            // The pipe was closed above on purpose.
        }
    }

    private void Kill(SandboxTermination termination, string reason)
    {
        lock (_process)
        {
            if (_process.HasExited)
            {
                return;
            }

            if (_killReason is null)
            {
                _termination = termination;
                _killReason = reason;
            }

            // SIGKILL to bubblewrap (and whatever of the tree is visible from here); --die-with-parent then kills
            // the sandbox's PID 1, and with it the whole PID namespace.
            _process.Kill(entireProcessTree: true);
        }
    }
}
