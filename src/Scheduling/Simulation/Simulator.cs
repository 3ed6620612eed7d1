using System.Diagnostics;
using AsterFarm.Scheduling.Builders;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Simulation;

/// <summary>
/// Runs the real <see cref="SchedulerCore"/>, unchanged, against simulated builders in virtual time: a discrete-event
/// loop where a build dispatched to a slot takes its duration divided by the slot's speed, plus the core's own
/// estimate of fetching the inputs that node lacks. Only the CPU time of the calls into the core counts as scheduling
/// time.
/// </summary>
public static class Simulator
{
    public static SimulationOutcome Run(IReadOnlyList<DagRecord> dag, BuildersFile builders, SchedulerOptions options, bool keepTrace = false)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(builders);
        ArgumentNullException.ThrowIfNull(options);
        var index = new Dictionary<string, int>(dag.Count, StringComparer.Ordinal);
        for (var i = 0; i < dag.Count; i++)
        {
            if (!index.TryAdd(dag[i].Id, i))
            {
                throw new InvalidDataException($"derivation {dag[i].Id} appears twice");
            }
        }

        var nodes = builders.Nodes.ToDictionary(node => node.Name, StringComparer.Ordinal);
        var specs = dag.Select(ToSpec).ToList();
        var core = new SchedulerCore(options);
        var clock = new CpuMeter();
        clock.Start();
        foreach (var node in builders.Nodes)
        {
            core.BuilderJoined(ToSpec(node));
        }

        var submitted = core.Submit(new RunSubmission(new RunId(Guid.Empty), 0, specs));
        clock.Stop();
        if (!submitted.Accepted)
        {
            throw new InvalidDataException(submitted.Error);
        }

        var trace = new List<SimulatedBuild>();
        var started = new (double Start, Dispatch Dispatch)[dag.Count];
        var completions = new PriorityQueue<int, (double Time, long Sequence)>();
        var sequence = 0L;
        var now = 0.0;
        var makespan = 0.0;
        var emulatedBuilds = 0;
        while (true)
        {
            clock.Start();
            var dispatches = core.Schedule(now);
            clock.Stop();
            foreach (var dispatch in dispatches)
            {
                var i = index[dispatch.Derivation.Value];
                var speed = nodes[dispatch.Node.Value].SpeedFor(dag[i].System);
                started[i] = (now, dispatch);
                completions.Enqueue(i, (now + (dag[i].DurationS / speed) + dispatch.EstimatedTransferSeconds, sequence++));
                emulatedBuilds += dispatch.Emulated ? 1 : 0;
            }

            if (!completions.TryPeek(out _, out var next))
            {
                break;
            }

            // Every build ending at this instant is reported before the next decision, as a batch.
            now = next.Time;
            clock.Start();
            while (completions.TryPeek(out var i, out var at) && at.Time == now)
            {
                completions.Dequeue();
                var (start, dispatch) = started[i];
                core.BuildFinished(dispatch.Derivation, now, dag[i].DurationS / nodes[dispatch.Node.Value].SpeedFor(dag[i].System));
                if (keepTrace)
                {
                    trace.Add(new SimulatedBuild(dag[i].Id, dispatch.Node.Value, dispatch.Slot, start, now, dispatch.Emulated));
                }
            }

            clock.Stop();
            makespan = now;
        }

        var bound = LowerBound.Compute(TopologicalOrder(dag, index), builders.Nodes);
        var totals = core.Totals;
        var waiting = core.SystemStatuses().SelectMany(s => s.WaitingReasons).Select(r => $"{r.Count}: {r.Reason}").ToList();
        var seconds = clock.TotalSeconds;
        var result = new SimulationResult(
            options.Policy == SchedulingPolicy.Fifo ? "fifo" : "asterfarm",
            dag.Count,
            builders.Nodes.Count,
            builders.Nodes.Sum(node => node.Slots),
            totals.Total - totals.Done,
            Math.Round(makespan, 1),
            Math.Round(bound.Seconds, 1),
            Math.Round(bound.CriticalPathSeconds, 1),
            Math.Round(bound.WorkSeconds, 1),
            Math.Round(bound.PhasedWorkSeconds, 1),
            bound.WorkSystems,
            bound.Seconds > 0 ? Math.Round(makespan / bound.Seconds, 4) : 1,
            Math.Round(seconds, 3),
            dag.Count > 0 ? Math.Round(seconds * 1e6 / dag.Count, 2) : 0,
            PeakMemoryMib(),
            emulatedBuilds,
            waiting);
        return new SimulationOutcome(result, trace);
    }

    /// <summary>The process's peak resident set (VmHWM), in MiB.</summary>
    private static double PeakMemoryMib()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 1);
    }

    private static DerivationSpec ToSpec(DagRecord record) =>
        new(new DerivationId(record.Id), record.System, PackageName.FromDerivationName(record.Id),
            (record.Deps ?? []).Select(id => new DerivationId(id)).ToArray(), record.Features ?? [], record.OutputBytes);

    private static BuilderSpec ToSpec(BuilderRecord node) =>
        new(new NodeName(node.Name), node.Slots,
            node.Native ?? new Dictionary<string, double>(), node.Emulated ?? new Dictionary<string, double>(),
            node.Features ?? [], node.Class ?? node.Name);

    /// <summary>Dependencies-first order (Kahn); the core has already rejected cycles and missing ids.</summary>
    private static List<DagRecord> TopologicalOrder(IReadOnlyList<DagRecord> dag, Dictionary<string, int> index)
    {
        var pending = new int[dag.Count];
        var dependents = new List<int>[dag.Count];
        for (var i = 0; i < dag.Count; i++)
        {
            foreach (var dependency in (dag[i].Deps ?? []).Distinct(StringComparer.Ordinal))
            {
                pending[i]++;
                (dependents[index[dependency]] ??= []).Add(i);
            }
        }

        var ready = new Queue<int>(Enumerable.Range(0, dag.Count).Where(i => pending[i] == 0));
        var order = new List<DagRecord>(dag.Count);
        while (ready.TryDequeue(out var i))
        {
            order.Add(dag[i]);
            foreach (var dependent in dependents[i] ?? [])
            {
                if (--pending[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        return order;
    }
}
