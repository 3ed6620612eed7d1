namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Where a run is. Values are part of the wire format: never renumber.</summary>
public enum RunState
{
    Planning = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    Cancelled = 5,
    Unknown = 6,
}
