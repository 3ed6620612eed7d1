using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Why a run took as long as it did: everything <c>asterfarm trace RUN</c> prints, as data.</summary>
public sealed record TraceReport(
    string Run,
    DateTimeOffset Start,
    TimeSpan Makespan,
    IReadOnlyDictionary<StepResult, int> Results,
    CriticalPathReport CriticalPath,
    IReadOnlyList<SlowStep> Slowest,
    IReadOnlyList<EmulationLoss> Emulation,
    IReadOnlyList<WaitTotal> Waiting,
    IReadOnlyList<UtilisationSeries> UtilisationByBuilder,
    IReadOnlyList<UtilisationSeries> UtilisationBySystem,
    IReadOnlyList<ConcurrencyLimit> Limits);
