using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Scheduler;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Dashboard;

/// <summary>
/// Asks the scheduler singleton (through its proxy) with the farm's <see cref="FarmOptions.AskTimeout"/>; null when it
/// does not answer in time or this coordinator runs no farm, which the pages show as "scheduler unavailable".
/// </summary>
internal sealed class SchedulerQuery(IServiceProvider services)
{
    private readonly IRequiredActor<SchedulerActorKey>? _scheduler = services.GetService<IRequiredActor<SchedulerActorKey>>();
    private readonly FarmOptions _options = services.GetService<FarmOptions>() ?? new FarmOptions();

    public TimeSpan Timeout => _options.AskTimeout;

    /// <summary>Asks <paramref name="first"/>, then tells <paramref name="rest"/> to the same proxy, in order (a submission in batches).</summary>
    public async Task<T?> AskThenTellAsync<T>(object first, IEnumerable<object> rest, CancellationToken cancellationToken)
        where T : class
    {
        if (_scheduler is null)
        {
            return null;
        }

        var proxy = await _scheduler.GetAsync(cancellationToken).ConfigureAwait(false);
        var answer = proxy.Ask<T>(first, _options.SubmitTimeout, cancellationToken);
        foreach (var message in rest)
        {
            proxy.Tell(message);
        }

        try
        {
            return await answer.ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async Task<T?> AskAsync<T>(object query, CancellationToken cancellationToken)
        where T : class
    {
        if (_scheduler is null)
        {
            return null;
        }

        try
        {
            var proxy = await _scheduler.GetAsync(cancellationToken).ConfigureAwait(false);
            return await proxy.Ask<T>(query, _options.AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
