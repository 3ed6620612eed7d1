using System.Globalization;
using AsterFarm.Coordinator.Scheduler.Api;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// Shows a run's progress: on a terminal, one block per system and each running build with its node and elapsed time,
/// redrawn in place (as nix-output-monitor does); otherwise a line whenever a system's counts change and one per build
/// that starts or fails, so logs stay readable.
/// </summary>
internal sealed class ProgressView(TextWriter output, bool interactive)
{
    private readonly Dictionary<string, string> _lastCounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private int _drawnLines;

    public void Show(RunStatusView status)
    {
        if (interactive)
        {
            Redraw(Lines(status, maxBuilds: 20));
            return;
        }

        foreach (var system in status.Systems)
        {
            var counts = Counts(system);
            if (!_lastCounts.TryGetValue(system.System, out var last) || last != counts)
            {
                _lastCounts[system.System] = counts;
                output.WriteLine($"{system.System}: {counts}");
            }
        }

        foreach (var build in status.Builds.Where(b => b.State is "Running" or "Failed" || IsRetry(b)))
        {
            if (_reported.Add(build.State + build.DrvPath + (IsRetry(build) ? build.Reason : string.Empty)))
            {
                output.WriteLine(build.State switch
                {
                    "Running" => $"building {Name(build.DrvPath)} ({build.System}) on {build.Node}",
                    "Failed" => $"failed {Name(build.DrvPath)} ({build.System}): {build.Reason}",
                    _ => $"{Name(build.DrvPath)} ({build.System}): {build.Reason}",
                });
            }
        }
    }

    /// <summary>The end of a run: the last counts and every failure with its reason.</summary>
    public void Summary(RunStatusView status)
    {
        if (interactive)
        {
            Redraw(Lines(status, maxBuilds: 0));
            _drawnLines = 0;
        }

        foreach (var build in status.Builds.Where(b => b.State is "Failed" or "DependencyFailed"))
        {
            output.WriteLine($"  {build.State}: {build.DrvPath}: {build.Reason}");
        }

        foreach (var attempt in status.Attempts ?? [])
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  attempt {attempt.Attempt} of {Name(attempt.DrvPath)} on {attempt.Node} at {attempt.At:HH:mm:ss} failed ({attempt.Class}): {attempt.Reason}"));
        }

        var total = status.Systems.Sum(s => s.Planned + s.Waiting + s.Running + s.Done + s.Failed);
        var failed = status.Systems.Sum(s => s.Failed);
        output.WriteLine($"run {status.Run}: {status.State} ({total - failed} of {total} derivations done, {failed} failed)");
    }

    private static List<string> Lines(RunStatusView status, int maxBuilds)
    {
        var lines = new List<string> { $"run {status.Run}: {status.State}" };
        foreach (var system in status.Systems)
        {
            lines.Add($"  {system.System,-16} {Counts(system)}");
        }

        var running = status.Builds.Where(b => b.State == "Running").ToList();
        foreach (var build in running.Take(maxBuilds))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"    ⏵ {Name(build.DrvPath)} ({build.System}) on {build.Node}, {Elapsed(build.ElapsedSeconds)}"));
        }

        if (maxBuilds > 0 && running.Count > maxBuilds)
        {
            lines.Add($"    … and {running.Count - maxBuilds} more running");
        }

        foreach (var build in status.Builds.Where(b => IsRetry(b) || (b.State == "Waiting" && b.Reason is not null && b.Reason.StartsWith("no builder", StringComparison.Ordinal))).Take(maxBuilds > 0 ? 3 : 0))
        {
            lines.Add($"    ⏸ {Name(build.DrvPath)}: {build.Reason}");
        }

        return lines;
    }

    private void Redraw(List<string> lines)
    {
        if (_drawnLines > 0)
        {
            // Back to the first line drawn last time, and clear everything below.
            output.Write($"\u001b[{_drawnLines}F\u001b[J");
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        _drawnLines = lines.Count;
        output.Flush();
    }

    // The scheduler words a derivation waiting out a retry's backoff "retrying in … after: …".
    private static bool IsRetry(BuildView build) =>
        build.State == "Waiting" && build.Reason is not null && build.Reason.StartsWith("retrying", StringComparison.Ordinal);

    private static string Counts(SystemView s) => $"planned {s.Planned}  waiting {s.Waiting}  running {s.Running}  done {s.Done}  failed {s.Failed}";

    private static string Name(string drvPath)
    {
        var baseName = drvPath[(drvPath.LastIndexOf('/') + 1)..];
        var name = baseName.Length > 33 ? baseName[33..] : baseName;
        return name.EndsWith(".drv", StringComparison.Ordinal) ? name[..^4] : name;
    }

    private static string Elapsed(double seconds) =>
        seconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s");
}
