using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>A jobset's cron schedule read in its time zone (daylight-saving transitions as Cronos handles them).</summary>
public sealed class JobsetSchedule
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;

    private JobsetSchedule(CronExpression cron, TimeZoneInfo zone)
    {
        _cron = cron;
        _zone = zone;
    }

    /// <summary>Parses <paramref name="cron"/> (5 fields, or 6 with seconds first) in <paramref name="timeZone"/>.</summary>
    public static bool TryParse(string cron, string timeZone, [NotNullWhen(true)] out JobsetSchedule? schedule, out string error)
    {
        schedule = null;
        error = string.Empty;
        if (!TryFindTimeZone(timeZone, out var zone))
        {
            error = $"time zone '{timeZone}' is unknown (use an IANA name such as Europe/Berlin, or UTC)";
            return false;
        }

        var fields = (cron ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            var expression = CronExpression.Parse(cron ?? string.Empty, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            schedule = new JobsetSchedule(expression, zone);
            return true;
        }
        catch (CronFormatException problem)
        {
            error = $"schedule '{cron}': {problem.Message}";
            return false;
        }
    }

    public static bool TryFindTimeZone(string name, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone);
    }

    /// <summary>The first slot strictly after <paramref name="afterUtc"/>, or null if the expression never fires again.</summary>
    public DateTime? NextAfter(DateTime afterUtc) =>
        _cron.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), _zone, inclusive: false);

    /// <summary>
    /// The latest slot in (<paramref name="afterUtc"/>, <paramref name="nowUtc"/>]: the one evaluation owed now. Slots missed
    /// while no coordinator ran are not caught up one by one; the latest stands for them.
    /// </summary>
    public DateTime? LatestDue(DateTime afterUtc, DateTime nowUtc)
    {
        DateTime? due = null;
        var next = NextAfter(afterUtc);
        while (next is { } slot && slot <= nowUtc)
        {
            due = slot;
            next = NextAfter(slot);
        }

        return due;
    }
}
