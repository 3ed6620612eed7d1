namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Settings of the scheduler actor and the run API, bound from <see cref="SectionName"/> (environment variables
/// override, e.g. <c>AsterFarm__Farm__ScheduleInterval=00:00:00.5</c>).
/// </summary>
public sealed class FarmOptions
{
    public const string SectionName = "AsterFarm:Farm";

    /// <summary>How often the scheduler places ready work even when no event arrives (promised slots, estimates). Default 1 s.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The heartbeat interval the scheduler asks of builders in <c>BuilderRegistered</c>. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a builder may go unheard (no heartbeat) before its leases expire and its builds are placed on other
    /// builders; also how long builds in flight when the scheduler moved wait for their builder to re-register. Default 15 s (3 heartbeats).
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the HTTP edge waits for the scheduler on a query. Default 10 s.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the HTTP edge waits for a submission (the DAG is loaded from the cache first). Default 5 min.</summary>
    public TimeSpan SubmitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Tries of a derivation whose builds fail for infrastructure reasons (node lost, QEMU killed by a signal, out of
    /// disk, cache unreachable) before it fails for good. Default 3. A builder refusing a build is not counted.
    /// </summary>
    public int MaxInfrastructureAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry after an infrastructure failure; it doubles with each further one. Default 2 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between retries. Default 60 s.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a build failure (non-zero exit, hash mismatch, timeout) is remembered: a later run needing the same
    /// derivation fails it at once, unless it asks to rebuild failures. Default 24 h; zero disables the cache.
    /// </summary>
    public TimeSpan FailureCacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A build's wall-clock limit sent to builders (Nix's <c>timeout</c>); zero means none. Default none.</summary>
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>A build's limit on time without log output (Nix's <c>max-silent-time</c>); zero means none. Default none.</summary>
    public TimeSpan MaxSilentTime { get; set; } = TimeSpan.Zero;
}
