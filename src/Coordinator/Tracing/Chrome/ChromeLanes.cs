using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Chrome;

/// <summary>
/// Which process (builder) and thread (slot) each build is drawn on. Builds on one slot never overlap in a sound
/// timeline; if two do, the later one goes to an extra lane of that slot so slices still nest per thread.
/// </summary>
internal sealed class ChromeLanes
{
    private const int OverlapLanes = 1000;

    private ChromeLanes(Dictionary<string, int> processes, SortedDictionary<(int Pid, int Tid), string> threads, Dictionary<string, (int Pid, int Tid)> of)
    {
        Processes = processes;
        Threads = threads;
        Of = of;
    }

    public IReadOnlyDictionary<string, int> Processes { get; }

    public IReadOnlyDictionary<(int Pid, int Tid), string> Threads { get; }

    /// <summary>Process and thread of each step that ran, by drv path.</summary>
    public IReadOnlyDictionary<string, (int Pid, int Tid)> Of { get; }

    public static ChromeLanes Assign(RunTimeline run, int firstPid)
    {
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var builder in run.Builders.Select(b => b.Builder)
                     .Concat(run.Steps.Where(s => s.Ran).Select(s => s.Assigned!.Builder))
                     .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            processes[builder] = firstPid + processes.Count;
        }

        var threads = new SortedDictionary<(int Pid, int Tid), string>();
        var laneEnds = new Dictionary<(int Pid, int Tid), DateTimeOffset>();
        var of = new Dictionary<string, (int Pid, int Tid)>(StringComparer.Ordinal);
        foreach (var step in run.Steps.Where(s => s.Ran).OrderBy(s => s.Assigned!.At).ThenBy(s => s.DrvPath, StringComparer.Ordinal))
        {
            var a = step.Assigned!;
            var pid = processes[a.Builder];
            for (var lane = 0; ; lane++)
            {
                var tid = (lane * OverlapLanes) + a.Slot;
                if (!laneEnds.TryGetValue((pid, tid), out var busyUntil) || busyUntil <= a.At)
                {
                    laneEnds[(pid, tid)] = step.Finished!.Value;
                    threads[(pid, tid)] = lane == 0 ? $"slot {a.Slot}" : $"slot {a.Slot} (overlapping {lane})";
                    of[step.DrvPath] = (pid, tid);
                    break;
                }
            }
        }

        return new ChromeLanes(processes, threads, of);
    }
}
