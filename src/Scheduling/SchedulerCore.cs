using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling;

/// <summary>
/// The scheduler's decision core: the build graph of all runs, builders and their slots, ready queues per system,
/// and placement. Plain, deterministic and clock-free: the owner feeds it events with the current time (seconds on
/// any monotonic clock) and calls <see cref="Schedule"/> for the dispatches to make. Owned by one thread (the
/// scheduler actor, or the simulator); not thread-safe.
/// </summary>
public sealed partial class SchedulerCore
{
    private readonly SchedulerOptions _options;
    private readonly IPlacement _placement;
    private readonly Interner _systems = new();
    private readonly Interner _features = new();
    private readonly List<DerivationNode> _nodes = [];
    private readonly Dictionary<DerivationId, int> _nodeIndex = [];
    private readonly List<BuilderState> _builders = [];
    private readonly Dictionary<NodeName, int> _builderIndex = [];
    private readonly Dictionary<RunId, PlannedRun> _runs = [];
    private readonly List<PriorityQueue<int, ReadyKey>> _ready = [];
    private readonly List<int[]> _counts = [];
    private readonly Dictionary<(int System, ulong Features), List<int>> _waiting = [];

    public SchedulerCore(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TransferBytesPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TransferBytesPerSecond must be positive");
        }

        _options = options;
        Estimator = new DurationEstimator(options.Estimates);
        _placement = options.Policy == SchedulingPolicy.Fifo ? new FirstFreePlacement(this) : new EarliestFinishPlacement(this);
    }

    /// <summary>The duration history; it learns from every <see cref="BuildFinished"/>.</summary>
    public DurationEstimator Estimator { get; }

    /// <summary>Counts over all derivations of all runs.</summary>
    public StateCounts Totals
    {
        get
        {
            var sum = new int[6];
            foreach (var counts in _counts)
            {
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += counts[i];
                }
            }

            return ToCounts(sum);
        }
    }

    /// <summary>One derivation's state and reason, or null when the scheduler does not know it.</summary>
    public DerivationStatus? Describe(DerivationId id) =>
        _nodeIndex.TryGetValue(id, out var index) ? Describe(_nodes[index]) : null;

    /// <summary>Per-system counts (planned/ready/waiting/running/done/failed) and the reasons derivations wait.</summary>
    public IReadOnlyList<SystemStatus> SystemStatuses()
    {
        var result = new List<SystemStatus>();
        for (var system = 0; system < _counts.Count; system++)
        {
            var reasons = _waiting
                .Where(group => group.Key.System == system && group.Value.Count > 0)
                .Select(group => new WaitingReason(WaitingReasonText(group.Key.System, group.Key.Features), group.Value.Count))
                .OrderBy(reason => reason.Reason, StringComparer.Ordinal)
                .ToList();
            result.Add(new SystemStatus(_systems.NameOf(system), ToCounts(_counts[system]), reasons));
        }

        return result;
    }

    /// <summary>A run's counts and failures, or null when no such run was submitted.</summary>
    public RunCounts? RunStatusOf(RunId id)
    {
        if (!_runs.TryGetValue(id, out var run))
        {
            return null;
        }

        var counts = new int[6];
        var failures = new List<DerivationStatus>();
        foreach (var index in run.Derivations)
        {
            var node = _nodes[index];
            counts[(int)node.State]++;
            if (node.State == DerivationState.Failed)
            {
                failures.Add(Describe(node));
            }
        }

        return new RunCounts(id, run.Priority, ToCounts(counts), failures);
    }

    private DerivationStatus Describe(DerivationNode node)
    {
        var reason = node.State switch
        {
            DerivationState.Failed => node.FailureReason,
            DerivationState.NoCapableBuilder => WaitingReasonText(node.System, node.Features),
            DerivationState.Planned => node.RetryReason,
            _ => string.Empty,
        };
        NodeName? builder = node.Builder >= 0 ? _builders[node.Builder].Spec.Name : null;
        return new DerivationStatus(
            node.Id, node.State, reason, builder, node.CriticalPath, WaitOf(node), node.State == DerivationState.Failed ? node.Cause : null);
    }

    private Shared.Protocol.Runs.WaitCause WaitOf(DerivationNode node) => node.State switch
    {
        DerivationState.Planned when node.RetryAt > 0 => Shared.Protocol.Runs.WaitCause.RetryBackoff,
        DerivationState.Planned when _held.Contains(node.Index) => Shared.Protocol.Runs.WaitCause.AwaitingClaim,
        DerivationState.Planned => Shared.Protocol.Runs.WaitCause.Dependencies,
        DerivationState.NoCapableBuilder => Shared.Protocol.Runs.WaitCause.NoCapableBuilder,
        DerivationState.Ready when node.PromisedTo >= 0 => Shared.Protocol.Runs.WaitCause.PromisedToFasterSlot,
        DerivationState.Ready => Shared.Protocol.Runs.WaitCause.SlotsBusy,
        _ => Shared.Protocol.Runs.WaitCause.None,
    };

    private string WaitingReasonText(int system, ulong features)
    {
        var names = new List<string>();
        for (var bit = 0; bit < _features.Count; bit++)
        {
            if ((features & (1UL << bit)) != 0)
            {
                names.Add(_features.NameOf(bit));
            }
        }

        var text = $"no builder offers {_systems.NameOf(system)}";
        return names.Count switch
        {
            0 => text,
            1 => $"{text} with feature {names[0]}",
            _ => $"{text} with features {string.Join(", ", names)}",
        };
    }

    private void SetState(DerivationNode node, DerivationState state)
    {
        var counts = _counts[node.System];
        counts[(int)node.State]--;
        counts[(int)state]++;
        node.State = state;
    }

    private int InternSystem(string system)
    {
        var index = _systems.Intern(system);
        while (_ready.Count <= index)
        {
            _candidates = null;
            _ready.Add(new PriorityQueue<int, ReadyKey>());
            _counts.Add(new int[6]);
        }

        return index;
    }

    private static StateCounts ToCounts(int[] c) =>
        new(c[(int)DerivationState.Planned], c[(int)DerivationState.Ready], c[(int)DerivationState.NoCapableBuilder],
            c[(int)DerivationState.Running], c[(int)DerivationState.Done], c[(int)DerivationState.Failed]);
}
