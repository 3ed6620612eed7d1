using System.Globalization;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>A derivation's remembered build failure: why, and when it happened.</summary>
internal sealed record CachedFailure(string Reason, DateTimeOffset At)
{
    /// <summary>How a later run shows it.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"cached failure from {At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z: {Reason}");
}
