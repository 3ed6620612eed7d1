using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>One derivation's progress beyond its spec: tries so far, since when its state holds, and its outcome.</summary>
[MessagePackObject]
public sealed class PersistedProgress
{
    [Key(0)]
    public int Attempts { get; set; }

    [Key(1)]
    public DateTime SinceUtc { get; set; }

    [Key(2)]
    public bool Built { get; set; }

    /// <summary>Why it failed for good; null unless it did.</summary>
    [Key(3)]
    public string? Failure { get; set; }

    [IgnoreMember]
    public bool Finished => Built || Failure is not null;
}
