namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>One interval a derivation spent waiting, and why.</summary>
/// <param name="Span">When it waited.</param>
/// <param name="Reason">Why, as data.</param>
/// <param name="Subject">What it waited for: a dependency's drv path, a system, or a system with features (see <see cref="WaitReason"/>).</param>
public sealed record WaitRecord(TimeInterval Span, WaitReason Reason, string Subject);
