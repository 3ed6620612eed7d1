namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>One failed try of a derivation: which, where, whose fault (Infrastructure, Build or Refused) and why.</summary>
public sealed record AttemptView(string DrvPath, int Attempt, string Node, string Class, string Reason, DateTime At);
