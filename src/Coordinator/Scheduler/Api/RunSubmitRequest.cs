namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>The body of <c>POST /api/v1/runs</c>.</summary>
/// <param name="Roots">Root derivations, full store paths (<c>/nix/store/…drv</c>); their closures must be in the cache.</param>
/// <param name="Priority">Submission priority: higher goes first among equal critical paths. Default 0.</param>
/// <param name="KeepGoing">Keep building what does not depend on a failure. Default true.</param>
/// <param name="RebuildFailed">Build derivations again even if they failed recently. Default false.</param>
public sealed record RunSubmitRequest(IReadOnlyList<string> Roots, int Priority = 0, bool KeepGoing = true, bool RebuildFailed = false);
