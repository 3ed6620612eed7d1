using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Api;

/// <summary>The body of <c>PUT /api/v1/jobsets/{name}</c> (see <see cref="JobsetDefinition"/> for each field).</summary>
public sealed record JobsetRequest(
    string Expression,
    IReadOnlyList<string>? Arguments = null,
    string? Schedule = null,
    string TimeZone = "UTC",
    int Priority = 0,
    bool CancelPrevious = false,
    int Keep = JobsetDefinition.DefaultKeepEvaluations,
    string? Webhook = null)
{
    public JobsetDefinition ToDefinition(string name) =>
        new(name, Expression, [.. Arguments ?? []], string.IsNullOrWhiteSpace(Schedule) ? null : Schedule, TimeZone, Priority, CancelPrevious, Keep, Webhook);
}
