using System.Diagnostics;
using Akka.Actor;
using AsterFarm.Bench.SchedulerRecovery;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsterFarm.Bench.Dashboard;

/// <summary>
/// The scheduler's own cost of the dashboard's queries on the recovered run, in this process: CPU milliseconds per
/// query (the process's CPU time over a batch of asks, so it does not depend on how loaded the machine is).
/// </summary>
internal static class SchedulerQueryCost
{
    public static Dictionary<string, double> Measure(string database, int rounds)
    {
        using var system = ActorSystem.Create("bench", SchedulerRecoveryBenchmark.ConfigFor(database));
        var scheduler = system.ActorOf(Props.Create(() => new SchedulerActor(
            new FarmOptions(), new SchedulerOptions(), new PersistenceOptions(), SchedulerRecoveryBenchmark.NoCache, SchedulerRecoveryBenchmark.NoResults(database), TimeProvider.System, NullLogger.Instance)));
        var timeout = TimeSpan.FromMinutes(5);
        var run = scheduler.Ask<RunList>(new ListRuns(1), timeout).GetAwaiter().GetResult().Runs[0].Run;
        var queries = new (string Name, object Query)[]
        {
            ("run_page", new GetRunPage(run, [], null, 0, GetRunPage.MaxLimit)),
            ("search", new GetRunPage(run, [], "python", 0, GetRunPage.MaxLimit)),
            ("page_1000", new GetRunPage(run, [], null, 999 * GetRunPage.MaxLimit, GetRunPage.MaxLimit)),
            ("built_filter", new GetRunPage(run, ValueList.Create([BuildState.Built]), null, 0, GetRunPage.MaxLimit)),
            ("timeline", new GetRunTimeline(run, GetRunTimeline.MaxBars)),
            ("run_list", new ListRunSummaries(ListRunSummaries.MaxRuns)),
            ("queue", new GetQueueReport(GetQueueReport.MaxPerSystem)),
        };
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, query) in queries)
        {
            scheduler.Ask<object>(query, timeout).GetAwaiter().GetResult();
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < rounds; i++)
            {
                scheduler.Ask<object>(query, timeout).GetAwaiter().GetResult();
            }

            result[name] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / rounds, 1);
        }

        system.Terminate().GetAwaiter().GetResult();
        return result;
    }
}
