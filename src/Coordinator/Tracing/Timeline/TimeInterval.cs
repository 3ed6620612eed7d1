namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>A half-open span of wall-clock time [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct TimeInterval
{
    public TimeInterval(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentException($"An interval ends ({end:O}) before it starts ({start:O}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration => End - Start;

    /// <summary>How much of this interval falls inside [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public TimeSpan OverlapWith(DateTimeOffset from, DateTimeOffset to)
    {
        var start = Start > from ? Start : from;
        var end = End < to ? End : to;
        return end > start ? end - start : TimeSpan.Zero;
    }
}
