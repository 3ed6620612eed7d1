using System.Globalization;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>The small formats the text reports share.</summary>
internal static class TraceText
{
    private const string Levels = " .:-=+*#%@";

    public static string Duration(TimeSpan span) => HtmlText.Duration(span);

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>"+40%" / "-12%" against a reference.</summary>
    public static string Change(double change) =>
        (change >= 0 ? "+" : "-") + Math.Abs(change * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>One character per bucket, from ' ' (idle) to '@' (every slot busy): a terminal-safe sparkline.</summary>
    public static string Sparkline(IReadOnlyList<double> buckets) =>
        new(buckets.Select(v => Levels[(int)Math.Round(Math.Clamp(v, 0, 1) * (Levels.Length - 1), MidpointRounding.AwayFromZero)]).ToArray());

    public static string Steps(int count) => count == 1 ? "1 step" : $"{count} steps";

    public static string Phase(StepPhase phase) => phase.ToString().ToLowerInvariant();

    public static string Where(StepTimeline step) => step.Assigned is { } a
        ? $"{a.Builder}/{a.Slot}" + (a.Emulated ? $" emulated x{a.Slowdown.ToString("0.#", CultureInfo.InvariantCulture)}" : string.Empty)
        : "not assigned";

    public static string Reason(WaitReason reason, string subject) => reason switch
    {
        WaitReason.Dependency => $"dependency {subject} still building",
        WaitReason.NoCapableBuilder => $"no builder offers {subject}",
        WaitReason.SlotsBusy => $"all {subject} slots busy",
        WaitReason.NativeSlotSooner => $"a native {subject} slot frees sooner than emulating",
        _ => reason.ToString(),
    };

    /// <summary>A reason summed over many waits (no single subject).</summary>
    public static string ReasonSummary(WaitReason reason) => reason switch
    {
        WaitReason.Dependency => "waiting for dependencies",
        WaitReason.NoCapableBuilder => "no builder offered the system with the features needed",
        WaitReason.SlotsBusy => "all slots busy",
        WaitReason.NativeSlotSooner => "waiting for a native slot (sooner than emulating)",
        _ => reason.ToString(),
    };

    public static string Limit(ConcurrencyLimit limit) => limit.Limiter switch
    {
        ConcurrencyLimiter.GraphShape => "graph shape (waiting for dependencies)",
        ConcurrencyLimiter.SystemSlots => $"slots of {limit.Subject}",
        ConcurrencyLimiter.BuilderCapability => $"only some builders offer {limit.Subject}",
        _ => limit.Limiter.ToString(),
    };
}
