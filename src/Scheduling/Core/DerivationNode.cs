using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Scheduling.Core;

/// <summary>The core's mutable record of one derivation. Indices are assigned in topological order: dependencies first.</summary>
internal sealed class DerivationNode(DerivationId id, int index, int system, ulong features, int estimateKey, double priorSeconds, long outputBytes, int[] dependencies)
{
    public DerivationId Id { get; } = id;

    public int Index { get; } = index;

    public int System { get; } = system;

    /// <summary>Bit i set when feature i (interned) is required.</summary>
    public ulong Features { get; } = features;

    public int EstimateKey { get; } = estimateKey;

    public double PriorSeconds { get; } = priorSeconds;

    public long OutputBytes { get; } = outputBytes;

    public int[] Dependencies { get; } = dependencies;

    /// <summary>The output bytes of each dependency, in the order of <see cref="Dependencies"/>.</summary>
    public long[] DependencyBytes { get; } = new long[dependencies.Length];

    /// <summary>The sum of <see cref="DependencyBytes"/>: what a builder holding none of the inputs fetches.</summary>
    public long InputBytes { get; set; }

    public List<int> Dependents { get; } = [];

    public DerivationState State { get; set; } = DerivationState.Planned;

    public int PendingDependencies { get; set; }

    public double CriticalPath { get; set; }

    public int RunPriority { get; set; } = int.MinValue;

    public int Builder { get; set; } = -1;

    public int Slot { get; set; } = -1;

    public double StartedAt { get; set; }

    /// <summary>Index of the derivation whose failure failed this one (itself when it failed on its own), or -1.</summary>
    public int FailedBecauseOf { get; set; } = -1;

    public string FailureReason { get; set; } = string.Empty;

    /// <summary>Why it failed, while <see cref="State"/> is failed.</summary>
    public FailureCause Cause { get; set; } = FailureCause.Build;

    /// <summary>The builder (index) whose busy slot it is promised to while ready, or -1.</summary>
    public int PromisedTo { get; set; } = -1;

    /// <summary>Builders (indices) on which its earlier tries failed for infrastructure reasons: placement avoids them while another can take it.</summary>
    public List<int>? Avoid { get; set; }

    /// <summary>While it waits out a retry's backoff: when it becomes ready again (core time); zero otherwise.</summary>
    public double RetryAt { get; set; }

    /// <summary>Why it waits for a retry, while <see cref="RetryAt"/> is set.</summary>
    public string RetryReason { get; set; } = string.Empty;
}
