using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Scheduling.Status;

/// <summary>One derivation's state, why it waits or failed, and where it runs or ran.</summary>
/// <param name="Id">The derivation.</param>
/// <param name="State">Its state.</param>
/// <param name="Reason">For <see cref="DerivationState.NoCapableBuilder"/> and <see cref="DerivationState.Failed"/>, why; for <see cref="DerivationState.Planned"/>, the retry it waits for, if any; otherwise empty.</param>
/// <param name="Node">The node running or last running it, if any.</param>
/// <param name="CriticalPathSeconds">Its priority: the estimated longest remaining path from it to any root.</param>
/// <param name="Wait">Why it waits, as data, while it is neither running nor finished.</param>
/// <param name="Cause">Why it failed, as data, when it did.</param>
public sealed record DerivationStatus(
    DerivationId Id, DerivationState State, string Reason, NodeName? Node, double CriticalPathSeconds, WaitCause Wait = WaitCause.None, FailureCause? Cause = null);
