using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>
/// 503 Service Unavailable with <c>Retry-After</c>: the scheduler did not answer in time, which is what a client sees
/// while the singleton moves to another coordinator (or recovers there); trying again shortly, here or at another
/// coordinator, succeeds once it runs.
/// </summary>
internal sealed class SchedulerUnavailable : IResult
{
    /// <summary>Seconds a client should wait before asking again: about the time a healthy singleton needs to recover.</summary>
    public const int RetryAfterSeconds = 2;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem("the scheduler did not answer in time (it may be moving to another coordinator); retry later", statusCode: StatusCodes.Status503ServiceUnavailable)
            .ExecuteAsync(httpContext);
    }
}
