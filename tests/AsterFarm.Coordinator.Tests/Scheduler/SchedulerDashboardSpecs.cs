using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>The scheduler's read-only answers to the dashboard: run pages, the timeline, the queue and one derivation.</summary>
public sealed class SchedulerDashboardSpecs : SchedulerSpecBase
{
    [Fact]
    public async Task A_run_page_is_filtered_searched_and_paginated_by_the_scheduler_running_builds_first()
    {
        var libraries = new List<Shared.Store.StorePath>();
        for (var i = 0; i < 5; i++)
        {
            libraries.Add(await Drvs.AddAsync($"libpart{i}-1.0"));
        }

        var app = await Drvs.AddAsync("app-2.1", inputs: libraries);
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(app);
        var running = builder.ExpectMsg<DispatchBuild>(Wait);

        var all = Page(run, [], null, 0, 50);
        var libs = Page(run, [], "LIBPART", 0, 2);
        var secondPage = Page(run, [], "libpart", 2, 2);
        var planned = Page(run, [BuildState.Planned], null, 0, 50);

        Assert.Equal(6, all.Matching);
        Assert.Equal((running.DrvPath, BuildState.Running, "x86-1"), (all.Entries[0].DrvPath, all.Entries[0].State, all.Entries[0].Node?.Value));
        Assert.Equal((5, 2), (libs.Matching, libs.Entries.Count));
        Assert.Equal(2, secondPage.Offset);
        Assert.Empty(libs.Entries.Select(e => e.DrvPath).Intersect(secondPage.Entries.Select(e => e.DrvPath)));
        Assert.Contains(planned.Entries, e => e.DrvPath == app);
        Assert.DoesNotContain(planned.Entries, e => e.DrvPath == running.DrvPath);
        Assert.False(Page(RunId.New(), [], null, 0, 10).Known);
    }

    [Fact]
    public async Task The_timeline_marks_the_chain_that_ended_last_as_critical_and_emulated_builds_as_emulated()
    {
        var library = await Drvs.AddAsync("libchain-1.0");
        var app = await Drvs.AddAsync("appchain-1.0", inputs: [library]);
        var side = await Drvs.AddAsync("side-1.0", system: "riscv64-linux");
        var native = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var emulating = RegisterBuilder("qemu-1", ["aarch64-linux"], emulated: [new EmulatedSystem("riscv64-linux", 5)]);
        var run = SubmitAccepted(RunOptions.Default, app, side);

        var sideDispatch = emulating.ExpectMsg<DispatchBuild>(Wait);
        var first = native.ExpectMsg<DispatchBuild>(Wait);
        Clock.Advance(TimeSpan.FromSeconds(5));
        Finish(emulating, sideDispatch, "qemu-1");
        Finish(native, first, "x86-1");
        var second = native.ExpectMsg<DispatchBuild>(Wait);
        Clock.Advance(TimeSpan.FromSeconds(20));
        Finish(native, second, "x86-1");
        AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");

        Scheduler.Tell(new GetRunTimeline(run, GetRunTimeline.MaxBars), TestActor);
        var timeline = ExpectMsg<RunTimeline>(Wait);

        var bars = timeline.Bars.ToDictionary(bar => bar.DrvName);
        Assert.Equal(3, timeline.TotalBars);
        Assert.True(bars[library.BaseName].Critical && bars[app.BaseName].Critical, "the library and the app form the chain that ended last");
        Assert.False(bars[side.BaseName].Critical, "the emulated side build ended early and is off the critical path");
        Assert.Equal((true, "qemu-1"), (bars[side.BaseName].Emulated, bars[side.BaseName].Node.Value));
        Assert.False(bars[app.BaseName].Emulated);
        Assert.Equal(TimeSpan.FromSeconds(20), bars[app.BaseName].EndUtc - bars[app.BaseName].StartUtc);
    }

    [Fact]
    public async Task A_failed_build_shows_its_last_log_lines_and_phase_times()
    {
        var broken = await Drvs.AddAsync("broken-2.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(broken);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);
        var log = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"line {i} of the build")) + "\nmake: *** [all] Error 2\n";
        var timings = PhaseTimings.Zero with { Build = TimeSpan.FromSeconds(7) };
        Scheduler.Tell(new BuildFailed(dispatch.Lease, dispatch.DrvPath, new NodeName("x86-1"), FailureClass.Build, "builder exited with code 2", log, timings, null), builder.Ref);
        AwaitStatus(run, s => s.State == RunState.Failed, "the run to fail");

        var failed = Assert.Single(Page(run, [BuildState.Failed], null, 0, 50).Entries);
        Scheduler.Tell(new GetDerivation(broken), TestActor);
        var report = ExpectMsg<DerivationReport>(Wait);

        Assert.EndsWith("line 200 of the build\nmake: *** [all] Error 2", failed.LogTail, StringComparison.Ordinal);
        Assert.StartsWith("line ", failed.LogTail, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(failed.LogTail!) <= RunPageEntry.MaxLogTailBytes);
        Assert.Equal((true, BuildState.Failed, timings), (report.Known, report.State, report.Timings));
        Assert.Equal([run], report.Runs);
        Assert.Equal("builder exited with code 2", Assert.Single(report.Attempts).Reason);
    }

    [Fact]
    public async Task The_queue_lists_ready_derivations_in_dispatch_order_and_what_no_builder_can_build()
    {
        var busy = await Drvs.AddAsync("busy-1.0");
        var next1 = await Drvs.AddAsync("queued-a-1.0");
        var next2 = await Drvs.AddAsync("queued-b-1.0");
        var riscv = await Drvs.AddAsync("nowhere-1.0", system: "riscv64-linux");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        SubmitAccepted(RunOptions.Default, busy, next1, next2, riscv);
        builder.ExpectMsg<DispatchBuild>(Wait);

        QueueReport? report = null;
        AwaitCondition(
            () => (report = Queue()).Systems.Any(s => s.System == "riscv64-linux" && s.Waiting == 1),
            Wait, TimeSpan.FromMilliseconds(50), "the riscv64 derivation waiting");

        var x86 = report!.Systems.Single(s => s.System == "x86_64-linux");
        var nowhere = report.Systems.Single(s => s.System == "riscv64-linux");
        Assert.Equal((2, 1), (x86.Ready, x86.Running));
        Assert.Equal(2, x86.Next.Count);
        Assert.NotNull(x86.OldestReadyUtc);
        Assert.Equal("no builder offers riscv64-linux", Assert.Single(nowhere.Reasons).Reason);
    }

    private RunPage Page(RunId run, BuildState[] states, string? search, int offset, int limit)
    {
        Scheduler.Tell(new GetRunPage(run, ValueList.From(states), search, offset, limit), TestActor);
        return ExpectMsg<RunPage>(Wait);
    }

    private QueueReport Queue()
    {
        Scheduler.Tell(new GetQueueReport(GetQueueReport.MaxPerSystem), TestActor);
        return ExpectMsg<QueueReport>(Wait);
    }
}
