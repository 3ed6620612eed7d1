using AsterFarm.Coordinator.Jobsets.Model;
using static AsterFarm.Coordinator.Jobsets.Persistence.JobsetEvents;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>
/// Every jobset and its kept evaluations: the fold of the journal, and the snapshot. Keeps per jobset the last
/// <see cref="HistoryLimit"/> evaluations and, beyond them, the successful ones its garbage-collection roots need.
/// </summary>
public sealed class JobsetsState(int historyLimit)
{
    public SortedDictionary<string, JobsetEntry> Jobsets { get; } = new(StringComparer.Ordinal);

    /// <summary>Evaluations kept per jobset beyond those its garbage-collection roots need.</summary>
    public int HistoryLimit { get; } = historyLimit;

    /// <summary>Events applied since recovery began (snapshots are taken every so many).</summary>
    public long Applied { get; private set; }

    /// <summary>Paths pinned by <c>asterfarm cache pin</c>.</summary>
    public SortedSet<string> Pins { get; } = new(StringComparer.Ordinal);

    public JobsetsSnapshot ToSnapshot() => new([.. Jobsets.Values], [.. Pins]);

    public void Restore(JobsetsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Jobsets.Clear();
        foreach (var entry in snapshot.Jobsets)
        {
            Jobsets[entry.Definition.Name] = entry;
        }

        Pins.Clear();
        Pins.UnionWith(snapshot.Pins ?? []);
    }

    public JobsetEntry? Find(string name) => Jobsets.GetValueOrDefault(name);

    public void Apply(IJobsetEvent change)
    {
        Applied++;
        switch (change)
        {
            case JobsetSaved saved:
                Jobsets[saved.Definition.Name] = Jobsets.TryGetValue(saved.Definition.Name, out var existing)
                    ? existing with { Definition = saved.Definition }
                    : new JobsetEntry(saved.Definition, saved.AtUtc, null, 0, []);
                break;
            case JobsetRemoved removed:
                Jobsets.Remove(removed.Name);
                break;
            case EvaluationStarted started:
                Update(started.Jobset, entry => Trim(entry with
                {
                    LastSlot = started.Slot ?? entry.LastSlot,
                    LastNumber = Math.Max(entry.LastNumber, started.Number),
                    Evaluations = [.. entry.Evaluations, EvaluationRecord.Started(started.Jobset, started.Number, started.Slot, started.AtUtc)],
                }));
                break;
            case EvaluationEvaluated evaluated:
                UpdateEvaluation(evaluated.Jobset, evaluated.Number, record => record with
                {
                    Revision = evaluated.Revision,
                    ContentHash = evaluated.ContentHash,
                    Error = evaluated.Error,
                    Jobs = evaluated.Jobs,
                    State = evaluated.Error is null ? EvaluationState.Building : EvaluationState.Failed,
                    FinishedUtc = evaluated.Error is null ? null : evaluated.AtUtc,
                });
                break;
            case EvaluationSubmitted submitted:
                UpdateEvaluation(submitted.Jobset, submitted.Number, record => record with { Run = submitted.Run });
                break;
            case EvaluationFinished finished:
                UpdateEvaluation(finished.Jobset, finished.Number, record => record with
                {
                    Outcomes = finished.Outcomes,
                    State = EvaluationState.Finished,
                    FinishedUtc = finished.AtUtc,
                });
                break;
            case PathsPinned pinned:
                Pins.UnionWith(pinned.Paths);
                break;
            case PathsUnpinned unpinned:
                Pins.ExceptWith(unpinned.Paths);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change?.GetType().Name, "not a jobsets event");
        }
    }

    private void Update(string jobset, Func<JobsetEntry, JobsetEntry> change)
    {
        // Events of a jobset removed meanwhile are ignored: the removal wins.
        if (Jobsets.TryGetValue(jobset, out var entry))
        {
            Jobsets[jobset] = change(entry);
        }
    }

    private void UpdateEvaluation(string jobset, int number, Func<EvaluationRecord, EvaluationRecord> change) =>
        Update(jobset, entry => entry with
        {
            Evaluations = [.. entry.Evaluations.Select(record => record.Number == number ? change(record) : record)],
        });

    private JobsetEntry Trim(JobsetEntry entry)
    {
        if (entry.Evaluations.Length <= HistoryLimit)
        {
            return entry;
        }

        var rooted = entry.LastSuccessful(entry.Definition.KeepEvaluations).Select(record => record.Number).ToHashSet();
        var recent = entry.Evaluations.Skip(entry.Evaluations.Length - HistoryLimit).Select(record => record.Number).ToHashSet();
        return entry with { Evaluations = [.. entry.Evaluations.Where(record => rooted.Contains(record.Number) || recent.Contains(record.Number))] };
    }
}
