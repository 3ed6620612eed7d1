namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>
/// Everything that happened to one derivation in a run, timed the way remote-execution farms time a step:
/// ready, assigned, inputs fetched, sandbox set up, built, outputs scanned and hashed, uploaded, and every wait.
/// Phases the step did not reach are null.
/// </summary>
public sealed record StepTimeline
{
    public required string DrvPath { get; init; }

    /// <summary>The derivation's name (for history: the same name and system across runs is "the same step").</summary>
    public required string Name { get; init; }

    public required string System { get; init; }

    /// <summary>When every dependency was present and the step entered its system's ready queue.</summary>
    public required DateTimeOffset Queued { get; init; }

    public SlotAssignment? Assigned { get; init; }

    public TransferRecord? Fetch { get; init; }

    public TimeInterval? Setup { get; init; }

    public TimeInterval? Build { get; init; }

    /// <summary>Canonicalising the outputs, scanning references, NAR serialisation and hashing.</summary>
    public TimeInterval? Scan { get; init; }

    public TransferRecord? Upload { get; init; }

    public required StepResult Result { get; init; }

    /// <summary>When the scheduler learned the result (the slot is free from here); null if the step never ran.</summary>
    public DateTimeOffset? Finished { get; init; }

    public IReadOnlyList<WaitRecord> Waits { get; init; } = [];

    /// <summary>The build's own phases, from its Nix-style log markers, inside <see cref="Build"/>.</summary>
    public IReadOnlyList<BuildPhaseRecord> BuildPhases { get; init; } = [];

    /// <summary>True when the step held a slot: it was assigned and the scheduler heard how it ended.</summary>
    public bool Ran => Assigned is not null && Finished is not null;

    /// <summary>Ready until assigned (until finished, if never assigned).</summary>
    public TimeSpan QueueTime => ((Assigned?.At ?? Finished) ?? Queued) - Queued;

    /// <summary>Assigned until finished: the time the step held a slot.</summary>
    public TimeSpan ExecutionTime => Ran ? Finished!.Value - Assigned!.At : TimeSpan.Zero;

    /// <summary>The slot's busy interval, when the step ran.</summary>
    public TimeInterval? Occupied => Ran ? new TimeInterval(Assigned!.At, Finished!.Value) : null;

    /// <summary>How long each part of the step took (zero for parts not reached).</summary>
    public IReadOnlyDictionary<StepPhase, TimeSpan> PhaseDurations() => new Dictionary<StepPhase, TimeSpan>
    {
        [StepPhase.Queue] = QueueTime,
        [StepPhase.Fetch] = Fetch?.Span.Duration ?? TimeSpan.Zero,
        [StepPhase.Setup] = Setup?.Duration ?? TimeSpan.Zero,
        [StepPhase.Build] = Build?.Duration ?? TimeSpan.Zero,
        [StepPhase.Scan] = Scan?.Duration ?? TimeSpan.Zero,
        [StepPhase.Upload] = Upload?.Span.Duration ?? TimeSpan.Zero,
    };

    /// <summary>The part that took longest (the earlier part on a tie, so waiting wins over building only when it is longer).</summary>
    public StepPhase DominantPhase()
    {
        var best = StepPhase.Queue;
        var longest = TimeSpan.MinValue;
        foreach (var (phase, spent) in PhaseDurations())
        {
            if (spent > longest)
            {
                best = phase;
                longest = spent;
            }
        }

        return best;
    }
}
