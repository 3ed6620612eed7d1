using AsterFarm.Coordinator.Jobsets.Diff;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>
/// How the jobsets singleton schedules, follows and reports evaluations; bound from <see cref="SectionName"/>
/// (e.g. <c>AsterFarm__Jobsets__SlowerRatio=2</c>).
/// </summary>
public sealed class JobsetsOptions
{
    public const string SectionName = "AsterFarm:Jobsets";

    /// <summary>How often schedules are checked for a slot that has come. Default 15 s (a slot starts at most this late).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the status of evaluations' runs is asked for. Default 10 s.</summary>
    public TimeSpan RunPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Evaluations kept per jobset (besides those its garbage-collection roots need). Default 30.</summary>
    public int HistoryLimit { get; set; } = 30;

    /// <summary>A job is slower when its build takes this factor longer than the median of its history. Default 1.5.</summary>
    public double SlowerRatio { get; set; } = 1.5;

    /// <summary>…and at least this many seconds longer. Default 30.</summary>
    public double MinimumSlowdownSeconds { get; set; } = 30;

    /// <summary>Tries of a webhook POST before it is given up (logged). Default 5.</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry of a webhook POST, doubled each time. Default 5 s.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Journal events between two snapshots. Default 100.</summary>
    public int SnapshotEvery { get; set; } = 100;

    public DiffOptions Diff => new(SlowerRatio, MinimumSlowdownSeconds);

    public void Validate()
    {
        if (TickInterval <= TimeSpan.Zero || RunPollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:TickInterval and RunPollInterval must be positive");
        }

        if (HistoryLimit < 2 || SlowerRatio < 1 || WebhookAttempts < 1 || SnapshotEvery < 1)
        {
            throw new InvalidOperationException(
                $"{SectionName}: HistoryLimit must be at least 2 (is {HistoryLimit}), SlowerRatio at least 1 (is {SlowerRatio}), WebhookAttempts and SnapshotEvery at least 1 (are {WebhookAttempts}, {SnapshotEvery})");
        }
    }
}
