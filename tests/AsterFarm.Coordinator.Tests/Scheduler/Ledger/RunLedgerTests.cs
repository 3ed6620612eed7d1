using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Tests.Scheduler.Ledger.LedgerHarness;

namespace AsterFarm.Coordinator.Tests.Scheduler.Ledger;

/// <summary>Runs through the ledger: dispatch order, failures and their dependents, cancellation, keep-going.</summary>
public sealed class RunLedgerTests
{
    [Fact]
    public void A_run_is_dispatched_in_dependency_order_and_succeeds_when_its_builds_finish()
    {
        var farm = new LedgerHarness();
        var library = Drv("libfoo-1.0");
        var app = Drv("app-2.1", library);
        farm.Register("x86-1");

        var run = farm.Submit(library, app);

        var accepted = Assert.IsType<RunAccepted>(Assert.Single(farm.Answers));
        Assert.Equal((2, 0), (accepted.Derivations, accepted.AlreadyCached));
        var first = farm.Dispatch("x86-1");
        Assert.Equal((PathOf(library), "x86_64-linux", 1), (first.DrvPath, first.System, first.Attempt));
        Assert.Equal(["out"], first.WantedOutputs);
        Assert.Equal(BuildState.Running, Assert.Single(farm.StatusOf(run).Builds).State);

        farm.Finish(first, "x86-1");
        var second = farm.Dispatch("x86-1");
        Assert.Equal(PathOf(app), second.DrvPath);
        farm.Finish(second, "x86-1");

        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(new SystemProgress("x86_64-linux", 0, 0, 0, 2, 0), Assert.Single(done.Systems));
    }

    [Fact]
    public void A_failed_build_fails_its_dependents_as_dependency_failed_without_dispatching_them()
    {
        var farm = new LedgerHarness();
        var broken = Drv("broken-1.0");
        var dependent = Drv("uses-broken-1.0", broken);
        farm.Register("x86-1");
        var run = farm.Submit(broken, dependent);

        farm.Fail(farm.Dispatch("x86-1"), "x86-1", FailureClass.Build, "builder exited with code 2");

        var failed = farm.StatusOf(run);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Empty(farm.Take("x86-1"));
        var byName = failed.Builds.ToDictionary(b => b.DrvPath, b => b);
        Assert.Equal((BuildState.Failed, "builder exited with code 2", FailureCause.Build), (byName[PathOf(broken)].State, byName[PathOf(broken)].Reason, byName[PathOf(broken)].Cause));
        Assert.Equal((BuildState.DependencyFailed, FailureCause.Dependency), (byName[PathOf(dependent)].State, byName[PathOf(dependent)].Cause));
        Assert.StartsWith("dependency failed", byName[PathOf(dependent)].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_a_run_stops_only_the_builds_no_other_live_run_needs()
    {
        var farm = new LedgerHarness();
        var shared = Drv("shared-1.0");
        var own = Drv("own-1.0");
        farm.Register("x86-1", slots: 2);
        var cancelled = farm.Submit(RunOptions.Default, [shared, own], [shared, own]);
        var dispatches = farm.Dispatches("x86-1");
        Assert.Equal(2, dispatches.Count);
        var other = farm.Submit(shared);

        farm.Cancel(cancelled, "superseded");

        Assert.Equal(RunState.Cancelled, farm.StatusOf(cancelled).State);
        var cancel = Assert.IsType<CancelBuild>(Assert.Single(farm.Take("x86-1")));
        Assert.Equal(dispatches.Single(d => d.DrvPath == PathOf(own)).Lease, cancel.Lease);
        farm.Finish(dispatches.Single(d => d.DrvPath == PathOf(shared)), "x86-1");
        Assert.Equal(RunState.Succeeded, farm.StatusOf(other).State);
    }

    [Fact]
    public void Without_keep_going_the_first_failure_cancels_the_run_s_remaining_builds_no_other_run_needs()
    {
        var farm = new LedgerHarness();
        var broken = Drv("broken-1.0");
        var running = Drv("long-1.0");
        var waiting = Drv("waits-1.0");
        var shared = Drv("shared-1.0");
        farm.Register("x86-1", slots: 2);
        var run = farm.Submit(new RunOptions(RebuildFailed: false, KeepGoing: false), [broken, running, waiting, shared], [broken, running, waiting, shared]);
        var dispatches = farm.Dispatches("x86-1").ToDictionary(d => d.DrvPath);
        Assert.Equal(2, dispatches.Count);
        var other = farm.Submit(shared);
        Assert.Empty(farm.Take("x86-1"));
        var failing = dispatches[PathOf(broken)];
        var stopped = dispatches.Values.Single(d => d != failing);

        farm.Fail(failing, "x86-1", FailureClass.Build, "builder exited with code 2");

        // The other running build of the run stops on its builder, unless the other run needs it.
        var sent = farm.Take("x86-1");
        var status = farm.StatusOf(run);
        var byPath = status.Builds.ToDictionary(b => b.DrvPath);
        Assert.Equal((BuildState.Failed, FailureCause.Build), (byPath[PathOf(broken)].State, byPath[PathOf(broken)].Cause));
        foreach (var cancelled in new[] { running, waiting }.Where(spec => PathOf(spec) != PathOf(shared)))
        {
            Assert.Equal((BuildState.Cancelled, FailureCause.Cancelled), (byPath[PathOf(cancelled)].State, byPath[PathOf(cancelled)].Cause));
        }

        if (stopped.DrvPath == PathOf(shared))
        {
            Assert.Empty(sent);
        }
        else
        {
            Assert.Equal(stopped.Lease, Assert.IsType<CancelBuild>(Assert.Single(sent, message => message is CancelBuild)).Lease);
        }

        // The run ends failed once the shared build, which the other run needs, ends.
        var sharedDispatch = stopped.DrvPath == PathOf(shared) ? stopped : Assert.Single(sent.OfType<DispatchBuild>());
        Assert.Equal(PathOf(shared), sharedDispatch.DrvPath);
        Assert.Equal(RunState.Running, farm.StatusOf(run).State);
        farm.Finish(sharedDispatch, "x86-1");
        Assert.Equal(RunState.Failed, farm.StatusOf(run).State);
        Assert.Equal(RunState.Succeeded, farm.StatusOf(other).State);
        Assert.Contains(farm.RunEvents, e => e.Run == run && e.Build.State == BuildState.Cancelled && e.Build.Cause == FailureCause.Cancelled);
    }

    [Fact]
    public void With_keep_going_a_failure_leaves_the_run_s_other_builds_going()
    {
        var farm = new LedgerHarness();
        var broken = Drv("broken-1.0");
        var fine = Drv("fine-1.0");
        farm.Register("x86-1", slots: 2);
        var run = farm.Submit(RunOptions.Default, [broken, fine], [broken, fine]);
        var dispatches = farm.Dispatches("x86-1").ToDictionary(d => d.DrvPath);

        farm.Fail(dispatches[PathOf(broken)], "x86-1", FailureClass.Build, "builder exited with code 2");

        Assert.Empty(farm.Take("x86-1"));
        farm.Finish(dispatches[PathOf(fine)], "x86-1");
        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Failed, done.State);
        Assert.Equal(1, Assert.Single(done.Systems).Done);
    }

    [Fact]
    public void A_run_whose_dag_has_problems_is_rejected_naming_them_and_nothing_is_dispatched()
    {
        var farm = new LedgerHarness();
        var forged = Drv("openssl-3.0");
        farm.Register("x86-1");

        var run = farm.Submit(RunOptions.Default, [forged], [forged], ["the .drv bytes do not hash to its path"]);

        var rejected = Assert.IsType<RunRejected>(Assert.Single(farm.Answers));
        Assert.Equal("the .drv bytes do not hash to its path", Assert.Single(rejected.Problems));
        Assert.Empty(farm.Take("x86-1"));
        Assert.Empty(farm.Journal);
        Assert.Equal(RunState.Unknown, farm.StatusOf(run).State);
    }

    [Fact]
    public void Wait_causes_say_why_a_build_is_not_running()
    {
        var farm = new LedgerHarness();
        var riscv = Drv("hello-riscv-1.0", "riscv64-linux");
        var first = Drv("first-1.0");
        var second = Drv("second-1.0");
        var after = Drv("after-1.0", first);
        farm.Register("x86-1");

        var run = farm.Submit(RunOptions.Default, [riscv, second, after], [riscv, first, second, after]);

        var byPath = farm.StatusOf(run).Builds.ToDictionary(b => b.DrvPath);
        Assert.Equal(WaitCause.NoCapableBuilder, byPath[PathOf(riscv)].Wait);
        var queued = byPath.Values.Single(b => b.State == BuildState.Waiting && b.DrvPath != PathOf(riscv));
        Assert.Contains(queued.Wait, new[] { WaitCause.SlotsBusy, WaitCause.PromisedToFasterSlot });
        Assert.Equal(WaitCause.Dependencies, farm.Ledger.Core.Describe(after.Id)!.Wait);
    }
}
