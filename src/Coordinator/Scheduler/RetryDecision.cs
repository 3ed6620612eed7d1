namespace AsterFarm.Coordinator.Scheduler;

/// <summary>A <see cref="RetryPolicy"/> decision: what to do, after how long, and the reason to show.</summary>
internal sealed record RetryDecision(RetryVerdict Verdict, TimeSpan Delay, string Reason);
