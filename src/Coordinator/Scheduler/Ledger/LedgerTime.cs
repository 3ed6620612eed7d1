namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>The time a ledger step happens at: seconds on the scheduler's monotonic clock (the core's time) and the wall clock.</summary>
public readonly record struct LedgerTime(double Seconds, DateTimeOffset Utc)
{
    public DateTime UtcDateTime => Utc.UtcDateTime;
}
