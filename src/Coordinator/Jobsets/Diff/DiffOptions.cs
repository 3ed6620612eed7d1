namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>When a job counts as slower than its own history.</summary>
/// <param name="SlowerRatio">Slower when its build time exceeds the median of its history by this factor.</param>
/// <param name="MinimumSlowdownSeconds">…and by at least this many seconds (a 1 s build taking 2 s is noise).</param>
/// <param name="HistoryEvaluations">How many earlier evaluations make up a job's history.</param>
/// <param name="ErrorLines">How many lines of an error a diff entry keeps.</param>
public sealed record DiffOptions(double SlowerRatio = 1.5, double MinimumSlowdownSeconds = 10, int HistoryEvaluations = 7, int ErrorLines = 5);
