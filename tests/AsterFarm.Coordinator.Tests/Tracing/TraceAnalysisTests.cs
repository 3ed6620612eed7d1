using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;
using static AsterFarm.Coordinator.Tests.Tracing.KnownRun;

namespace AsterFarm.Coordinator.Tests.Tracing;

public sealed class TraceAnalysisTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static TimeSpan Minutes(double m) => TimeSpan.FromMinutes(m);

    [Fact]
    public void Critical_path_follows_the_last_finishing_dependency_back_from_the_last_step()
    {
        var path = CriticalPath.Of(Run());

        Assert.Equal(["a", "b", "e"], path.Steps.Select(s => s.Step.Name));
        Assert.Equal([Minutes(0), Minutes(0), Minutes(2)], path.Steps.Select(s => s.Queue));
        Assert.Equal([Minutes(12), Minutes(29), Minutes(7)], path.Steps.Select(s => s.Execution));
        Assert.All(path.Steps, s => Assert.Equal(StepPhase.Build, s.Dominant));
        Assert.Equal(Minutes(50), path.Total);
        Assert.Equal(Minutes(50), path.Makespan);
        Assert.Equal(1.0, path.ShareOfMakespan, 6);
    }

    [Fact]
    public void A_step_that_waited_longer_than_it_ran_is_dominated_by_its_queue()
    {
        var step = Step("slow-queue", X86, 0, "x1", 0, 30, 31, 32, 34);

        Assert.Equal(StepPhase.Queue, step.DominantPhase());
    }

    [Fact]
    public void Critical_path_share_is_below_one_when_the_run_started_before_its_path()
    {
        var early = Step("early", X86, 0, "x1", 0, 0, 1, 2, 3);
        var late = Step("late", X86, 10, "x1", 0, 10, 11, 18, 20);
        var run = new RunTimeline("r", [early, late], [], [new BuilderCapacity("x1", 1, [X86])]);

        var path = CriticalPath.Of(run);

        Assert.Equal(["late"], path.Steps.Select(s => s.Step.Name));
        Assert.Equal(0.5, path.ShareOfMakespan, 6);
    }

    [Fact]
    public void Emulation_loss_is_the_emulated_build_time_minus_its_native_estimate()
    {
        var loss = Assert.Single(LostTime.ToEmulation(Run()));

        Assert.Equal(Riscv, loss.System);
        Assert.Equal(1, loss.Steps);
        Assert.Equal(Minutes(25), loss.Emulated);
        Assert.Equal(Minutes(5), loss.NativeEstimate);
        Assert.Equal(Minutes(20), loss.Lost);
    }

    [Fact]
    public void Waiting_is_summed_per_system_and_reason()
    {
        var waiting = LostTime.ToWaiting(Run()).ToDictionary(w => (w.System, w.Reason));

        Assert.Equal(4, waiting.Count);
        Assert.Equal((Minutes(12 + 12 + 41), 3), (waiting[(X86, WaitReason.Dependency)].Total, waiting[(X86, WaitReason.Dependency)].Steps));
        Assert.Equal(Minutes(12), waiting[(Riscv, WaitReason.Dependency)].Total);
        Assert.Equal(Minutes(8), waiting[(X86, WaitReason.NoCapableBuilder)].Total);
        Assert.Equal(Minutes(2), waiting[(X86, WaitReason.SlotsBusy)].Total);
    }

    [Fact]
    public void Concurrency_limits_name_the_graph_the_missing_feature_and_the_busy_system_largest_first()
    {
        var limits = LostTime.ToLimits(Run());

        Assert.Equal(
            [
                new ConcurrencyLimit(ConcurrencyLimiter.GraphShape, string.Empty, Minutes(77), 4),
                new ConcurrencyLimit(ConcurrencyLimiter.BuilderCapability, "x86_64-linux with big-parallel", Minutes(8), 1),
                new ConcurrencyLimit(ConcurrencyLimiter.SystemSlots, X86, Minutes(2), 1),
            ],
            limits);
    }

    [Fact]
    public void Utilisation_per_builder_is_busy_slot_time_over_slot_time_in_each_bucket()
    {
        var byBuilder = Utilisation.ByBuilder(Run(), buckets: 5).ToDictionary(s => s.Subject);

        var x1 = byBuilder["x1"];
        Assert.Equal(2, x1.Slots);
        Assert.Equal(Minutes(10), x1.Bucket);
        Assert.Equal([0.5, 0.8, 0.5, 0.5, 0.4], x1.Buckets.Select(v => Math.Round(v, 6)));
        Assert.Equal(0.54, x1.Average, 6);
        Assert.Equal(0.2, byBuilder["big"].Average, 6);
    }

    [Fact]
    public void Utilisation_per_system_counts_the_slots_of_every_builder_offering_it()
    {
        var bySystem = Utilisation.BySystem(Run(), buckets: 5).ToDictionary(s => s.Subject);

        Assert.Equal(3, bySystem[X86].Slots);
        Assert.Equal(35.0 / 150, bySystem[X86].Average, 6);
        Assert.Equal(2, bySystem[Riscv].Slots);
        Assert.Equal(29.0 / 100, bySystem[Riscv].Average, 6);
    }

    [Fact]
    public void Busy_slots_and_queue_length_change_exactly_where_steps_start_end_and_get_assigned()
    {
        var run = Run();

        Assert.Equal(
            [new(At(0), 1), new(At(12), 1), new(At(18), 0), new(At(20), 1), new(At(30), 0), new(At(43), 1), new(At(50), 0)],
            StepCounters.BusySlots(run, X86));
        Assert.Equal([new(At(12), 1), new(At(20), 0), new(At(41), 1), new(At(43), 0)], StepCounters.QueueLength(run, X86));
    }

    [Fact]
    public void Slowest_steps_are_set_against_the_median_of_their_own_history()
    {
        var history = new StepHistory(new Dictionary<StepKey, IReadOnlyList<TimeSpan>>
        {
            [new StepKey("b", Riscv)] = [Minutes(20), Minutes(100), Minutes(25), Minutes(30)],
            [new StepKey("a", X86)] = [Minutes(10), Minutes(6), Minutes(8)],
        });

        var report = TraceAnalysis.Analyse(Run(), history, new TraceOptions(Slowest: 3));

        Assert.Equal(["b", "a", "d"], report.Slowest.Select(s => s.Step.Name));
        Assert.Equal(Minutes(27.5), report.Slowest[0].Usual);
        Assert.Equal((29 - 27.5) / 27.5, report.Slowest[0].Change!.Value, 6);
        Assert.Equal(0.5, report.Slowest[1].Change!.Value, 6);
        Assert.Null(report.Slowest[2].Usual);
        Assert.Equal(5, report.Results[StepResult.Built]);
    }

    [Fact]
    public void A_run_whose_edges_name_an_unknown_step_is_refused_with_the_edge()
    {
        var step = Step("a", X86, 0, "x1", 0, 0, 1, 2, 3);

        var error = Assert.Throws<ArgumentException>(() =>
            new RunTimeline("r", [step], [new DependencyEdge("/nix/store/zzz.drv", step.DrvPath)], []));

        Assert.Contains("/nix/store/zzz.drv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_a_step_twice_is_refused()
    {
        var step = Step("a", X86, 0, "x1", 0, 0, 1, 2, 3);

        var error = Assert.Throws<ArgumentException>(() => new RunTimeline("r", [step, step], [], []));

        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interval_that_ends_before_it_starts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TimeInterval(At(2), At(1)));
        Assert.Equal(Minute, Span(0, 1).Duration);
    }
}
