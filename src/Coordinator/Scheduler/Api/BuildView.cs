namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>One derivation of a run: its state, where it runs and for how long, or why it waits or failed.</summary>
/// <param name="DrvPath">The <c>.drv</c> store path.</param>
/// <param name="System">Its Nix system.</param>
/// <param name="State">Its state (<c>Planned</c>, <c>Waiting</c>, <c>Running</c>, <c>Built</c>, <c>Cached</c>, <c>Failed</c>, <c>DependencyFailed</c>, <c>Cancelled</c>).</param>
/// <param name="Node">The builder running it, while it runs.</param>
/// <param name="Since">Since when it is in its state.</param>
/// <param name="ElapsedSeconds">How long it has been running, while it runs.</param>
/// <param name="Reason">Why it waits or failed, for people.</param>
/// <param name="Wait">Why it waits, as a name (<c>SlotsBusy</c>, <c>NoCapableBuilder</c>, …); null when it does not.</param>
/// <param name="Cause">Why it failed, as a name (<c>Build</c>, <c>Dependency</c>, <c>Cancelled</c>); null when it did not.</param>
public sealed record BuildView(
    string DrvPath, string System, string State, string? Node, DateTime Since, double ElapsedSeconds, string? Reason, string? Wait = null, string? Cause = null);
