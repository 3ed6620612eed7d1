using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling;
using AsterFarm.Scheduling.Builders;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Simulation;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Bench.SchedulerRecovery;

/// <summary>
/// The journal of a run part-way through: a nixpkgs-like DAG accepted, then dispatches and successes as a scheduling
/// core on 12 builders makes them until <c>builtFraction</c> of the derivations are built, and the leases then in flight.
/// </summary>
internal sealed record RecoveryJournal(List<DerivationSpec> Specs, List<ISchedulerEvent> Events, int InFlight)
{
    private const string Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

    public static RecoveryJournal Generate(int count, int seed, double builtFraction)
    {
        var records = DagGenerator.Generate(count, seed);
        var paths = records.Select((record, i) => $"{HashPart(i)}-{record.Id.Replace('/', '-')}.drv").ToArray();
        var pathOf = records.Select((record, i) => (record.Id, Path: paths[i])).ToDictionary(entry => entry.Id, entry => entry.Path);
        var specs = records.Select((record, i) => new DerivationSpec(
            new DerivationId(paths[i]), record.System, PackageName.FromDerivationName(record.Id),
            [.. (record.Deps ?? []).Select(dep => new DerivationId(pathOf[dep]))], record.Features ?? [], record.OutputBytes)).ToList();

        var run = new RunId(new Guid(seed, 0, 0, new byte[8]));
        var at = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        var dag = new LoadedDag(specs, specs.ToDictionary(spec => spec.Id, _ => (IReadOnlyList<string>)["out"]), []);
        var events = new List<ISchedulerEvent>
        {
            new RunSubmitted(run, [paths[^1]], 0, false, true, 1, null, at),
            PersistedDags.Accepted(run, dag),
        };

        var core = new SchedulerCore(new SchedulerOptions());
        core.Submit(new RunSubmission(run, 0, specs));
        foreach (var system in DagGenerator.Systems)
        {
            for (var b = 0; b < 4; b++)
            {
                core.BuilderJoined(new BuilderSpec(
                    new NodeName($"{system}-{b}"), 16, new Dictionary<string, double> { [system] = 1 }, new Dictionary<string, double>(), ["big-parallel"], system));
            }
        }

        var durations = records.Select((record, i) => (paths[i], record.DurationS)).ToDictionary(entry => entry.Item1, entry => entry.DurationS);
        var running = new Dictionary<DerivationId, (LeaseId Lease, NodeName Node)>();
        var now = 0.0;
        var built = 0;
        while (built < builtFraction * count)
        {
            foreach (var dispatch in core.Schedule(now))
            {
                var lease = new LeaseId(new Guid(events.Count, 1, 1, new byte[8]));
                running[dispatch.Derivation] = (lease, dispatch.Node);
                events.Add(new BuildDispatched(lease, dispatch.Derivation.Value, dispatch.Node.Value, 1, at.AddSeconds(now)));
            }

            now += 60;
            foreach (var (derivation, (lease, node)) in running.ToList())
            {
                var seconds = durations[derivation.Value];
                core.BuildFinished(derivation, now, seconds);
                running.Remove(derivation);
                built++;
                var system = node.Value[..node.Value.LastIndexOf('-')];
                events.Add(new BuildSucceeded(lease, derivation.Value, node.Value, at.AddSeconds(now),
                    new DurationSample(PackageName.FromDerivationName(derivation.Value), system, system, 1, seconds)));
            }
        }

        foreach (var dispatch in core.Schedule(now))
        {
            events.Add(new BuildDispatched(new LeaseId(Guid.NewGuid()), dispatch.Derivation.Value, dispatch.Node.Value, 1, at.AddSeconds(now)));
        }

        return new RecoveryJournal(specs, events, events.Count(e => e is BuildDispatched) - built);
    }

    private static string HashPart(int index)
    {
        Span<char> hash = stackalloc char[32];
        var value = (ulong)index * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < hash.Length; i++)
        {
            hash[i] = Alphabet[(int)((value >> (i % 12 * 5)) + (ulong)i) & 31];
        }

        return new string(hash);
    }
}
