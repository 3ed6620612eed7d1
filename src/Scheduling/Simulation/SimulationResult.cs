namespace AsterFarm.Scheduling.Simulation;

/// <summary>The figures of one simulation, printed as JSON.</summary>
public sealed record SimulationResult(
    string Policy,
    int Derivations,
    int Builders,
    int Slots,
    int Unfinished,
    double MakespanS,
    double LowerBoundS,
    double LowerBoundCriticalPathS,
    double LowerBoundWorkS,
    double LowerBoundPhasedWorkS,
    string LowerBoundWorkSystems,
    double Ratio,
    double SchedulingCpuS,
    double SchedulingUsPerDerivation,
    double PeakMemoryMib,
    int EmulatedBuilds,
    IReadOnlyList<string> WaitingReasons);
