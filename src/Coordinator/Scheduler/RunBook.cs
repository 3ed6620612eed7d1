using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>The scheduler's bookkeeping of one run beyond what the core keeps: its outcome, derivations, open count and event sequence.</summary>
internal sealed class RunBook(SubmitRun submission, DateTimeOffset createdAt)
{
    public RunId Id => Submission.Run;

    public SubmitRun Submission { get; } = submission;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Roots gathered so far (a submission may come in several batches).</summary>
    public List<StorePath> Roots { get; } = [.. submission.Roots];

    public int BatchesReceived { get; set; } = 1;

    /// <summary>
    /// The submission's events (<c>RunSubmitted</c>, <c>RunRootsAdded</c>) while its DAG is validated: journaled with the
    /// acceptance, never for a submission refused at validation. Null for a run already in the journal.
    /// </summary>
    public List<Persistence.ISchedulerEvent>? Unjournaled { get; set; }

    public RunState State { get; set; } = RunState.Planning;

    /// <summary>The reply once the DAG is loaded: <see cref="RunAccepted"/> or <see cref="RunRejected"/>.</summary>
    public IAsterFarmMessage? Outcome { get; set; }

    /// <summary>Its events are being journaled with its acceptance (they were counted when they arrived).</summary>
    public bool Accepting { get; set; }

    /// <summary>Derivations earlier runs counted as failed that this run's DAG revived, while it is being accepted.</summary>
    public IReadOnlyList<DerivationId> RevivedFailures { get; set; } = [];

    /// <summary>Without keep-going, a failure stopped its remaining builds.</summary>
    public bool Stopped { get; set; }

    /// <summary>The run's derivations, shared ones included.</summary>
    public List<DerivationId> Derivations { get; } = [];

    public HashSet<DerivationId> Cached { get; } = [];

    /// <summary>Derivations not yet built or failed: the run ends when none is left.</summary>
    public int Open { get; set; }

    public int Failures { get; set; }

    public long Sequence { get; set; }

    public bool IsFinished => State is RunState.Succeeded or RunState.Failed or RunState.Cancelled;
}
