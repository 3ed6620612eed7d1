using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Where time went that a faster farm would not have spent: emulation, waiting, and the limits behind the waiting.</summary>
public static class LostTime
{
    /// <summary>Per system, the emulated build time and its native estimate, over steps built under QEMU.</summary>
    public static IReadOnlyList<EmulationLoss> ToEmulation(RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Steps
            .Where(s => s.Assigned is { Emulated: true } && s.Build is not null)
            .GroupBy(s => s.System, StringComparer.Ordinal)
            .Select(group => new EmulationLoss(
                group.Key,
                group.Count(),
                Sum(group.Select(s => s.Build!.Value.Duration)),
                Sum(group.Select(s => s.Build!.Value.Duration / Math.Max(1, s.Assigned!.Slowdown)))))
            .OrderByDescending(loss => loss.Lost)
            .ThenBy(loss => loss.System, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Per system and reason, the time steps spent waiting.</summary>
    public static IReadOnlyList<WaitTotal> ToWaiting(RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Steps
            .SelectMany(s => s.Waits.Select(w => (Step: s, Wait: w)))
            .GroupBy(x => (x.Step.System, x.Wait.Reason))
            .Select(group => new WaitTotal(
                group.Key.System,
                group.Key.Reason,
                Sum(group.Select(x => x.Wait.Span.Duration)),
                group.Select(x => x.Step.DrvPath).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(total => total.Total)
            .ThenBy(total => total.System, StringComparer.Ordinal)
            .ThenBy(total => total.Reason)
            .ToList();
    }

    /// <summary>What limited concurrency, largest first: each wait counted against its limiter and subject.</summary>
    public static IReadOnlyList<ConcurrencyLimit> ToLimits(RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Steps
            .SelectMany(s => s.Waits.Select(w => (Step: s, Wait: w)))
            .GroupBy(x => Classify(x.Wait))
            .Select(group => new ConcurrencyLimit(
                group.Key.Limiter,
                group.Key.Subject,
                Sum(group.Select(x => x.Wait.Span.Duration)),
                group.Select(x => x.Step.DrvPath).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(limit => limit.Total)
            .ThenBy(limit => limit.Limiter)
            .ThenBy(limit => limit.Subject, StringComparer.Ordinal)
            .ToList();
    }

    private static (ConcurrencyLimiter Limiter, string Subject) Classify(WaitRecord wait) => wait.Reason switch
    {
        WaitReason.Dependency => (ConcurrencyLimiter.GraphShape, string.Empty),
        WaitReason.NoCapableBuilder => (ConcurrencyLimiter.BuilderCapability, wait.Subject),
        WaitReason.SlotsBusy or WaitReason.NativeSlotSooner => (ConcurrencyLimiter.SystemSlots, wait.Subject),
        _ => throw new ArgumentOutOfRangeException(nameof(wait), wait.Reason, "Unknown wait reason."),
    };

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (sum, span) => sum + span);
}
