namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>The parts of a step's time, in the order they happen: waiting in the ready queue, then the builder's phases.</summary>
public enum StepPhase
{
    Queue,
    Fetch,
    Setup,
    Build,
    Scan,
    Upload,
}
