using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Comparison;
using AsterFarm.Coordinator.Tracing.Output;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tests.Tracing;

public sealed class TraceComparisonTests
{
    [Fact]
    public void A_step_whose_build_grew_leads_the_comparison_with_build_named_as_the_part_that_grew()
    {
        var before = KnownRun.Run("night-1");
        var after = KnownRun.Run("night-2", eBuildEnd: 59, eFinished: 60);

        var comparison = TraceComparison.Compare(before, after, top: 3);

        Assert.Equal(TimeSpan.FromMinutes(50), comparison.MakespanBefore);
        Assert.Equal(TimeSpan.FromMinutes(60), comparison.MakespanAfter);
        Assert.Equal(TimeSpan.FromMinutes(60), comparison.CriticalPathAfter);
        var first = comparison.Changes[0];
        Assert.Equal(new StepKey("e", KnownRun.X86), first.Key);
        Assert.Equal(TimeSpan.FromMinutes(10), first.Delta);
        Assert.Equal(StepPhase.Build, first.GrewMost);
        Assert.Equal(TimeSpan.FromMinutes(10), first.GrowthOfThatPhase);
        Assert.Equal(TimeSpan.Zero, comparison.Changes[1].Delta);
        Assert.Equal((0, 0), (comparison.OnlyBefore, comparison.OnlyAfter));
    }

    [Fact]
    public void Steps_missing_from_one_run_are_counted_not_matched()
    {
        var before = KnownRun.Run("night-1");
        var after = new RunTimeline("night-2", before.Steps.Where(s => s.Name != "c").ToList(), [], before.Builders);

        var comparison = TraceComparison.Compare(before, after, top: 10);

        Assert.Equal((1, 0), (comparison.OnlyBefore, comparison.OnlyAfter));
        Assert.DoesNotContain(comparison.Changes, c => c.Key.Name == "c");
    }

    [Fact]
    public void The_comparison_prints_what_got_slower_and_parses_as_json()
    {
        var comparison = TraceComparison.Compare(KnownRun.Run("night-1"), KnownRun.Run("night-2", eBuildEnd: 59, eFinished: 60), top: 3);
        var text = new StringWriter();
        var json = new StringWriter();

        RunComparisonText.Write(text, comparison);
        RunComparisonJson.Write(json, comparison);

        Assert.Contains("e (x86_64-linux): 9 min 00 s -> 19 min 00 s, build +10 min 00 s", text.ToString(), StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json.ToString());
        Assert.Equal(600, parsed.RootElement.GetProperty("changes")[0].GetProperty("delta").GetDouble());
    }
}
