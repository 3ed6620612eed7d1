using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>A run as the durable state keeps it: its submission and what became of it.</summary>
[MessagePackObject]
public sealed class PersistedRun
{
    [Key(0)]
    public required RunSubmitted Submitted { get; init; }

    /// <summary>Every root so far, the first batch's included.</summary>
    [Key(1)]
    public List<string> Roots { get; init; } = [];

    [Key(2)]
    public int BatchesReceived { get; set; } = 1;

    /// <summary>The accepted DAG; null while loading or when rejected.</summary>
    [Key(3)]
    public PersistedDerivation[]? Derivations { get; set; }

    [Key(4)]
    public string? RejectedReason { get; set; }

    [Key(5)]
    public string[] RejectedProblems { get; set; } = [];

    [Key(6)]
    public string? CancelledReason { get; set; }

    [IgnoreMember]
    public RunId Id => Submitted.Run;
}
