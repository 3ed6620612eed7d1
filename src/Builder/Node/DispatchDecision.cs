namespace AsterFarm.Builder.Node;

/// <summary>The node's answer to one dispatch.</summary>
/// <param name="Verdict">Start, confirm or refuse.</param>
/// <param name="Emulated">When starting: whether the build runs under QEMU.</param>
/// <param name="Reason">When refusing: why, for the scheduler's report.</param>
public sealed record DispatchDecision(DispatchVerdict Verdict, bool Emulated = false, string? Reason = null);
