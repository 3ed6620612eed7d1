using System.Diagnostics;
using MessagePack;

namespace AsterFarm.Shared.Protocol;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried by messages that start or continue
/// work, so one build is one trace across the submitter, the scheduler and the builder.
/// </summary>
[MessagePackObject]
public sealed record TraceContext(
    [property: Key(0)] string TraceParent,
    [property: Key(1)] string? TraceState)
{
    /// <summary>The context of <paramref name="activity"/>, or null when there is none (tracing off).</summary>
    public static TraceContext? From(Activity? activity) =>
        activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null
            ? null
            : new TraceContext(activity.Id, activity.TraceStateString);

    /// <summary>The context of <see cref="Activity.Current"/>.</summary>
    public static TraceContext? Current => From(Activity.Current);

    /// <summary>The parent context to start the receiver's activity under; false if the header is malformed.</summary>
    public bool TryGetActivityContext(out ActivityContext context) =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out context);
}
