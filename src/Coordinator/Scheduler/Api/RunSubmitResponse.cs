namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>The answer to <c>POST /api/v1/runs</c>: accepted with counts (200) or rejected with the problems (422).</summary>
public sealed record RunSubmitResponse(string Run, bool Accepted, int Derivations, int AlreadyCached, string? Reason, IReadOnlyList<string> Problems);
