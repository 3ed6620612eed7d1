using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Output;

namespace AsterFarm.Coordinator.Tests.Tracing;

public sealed class TraceReportOutputTests
{
    private static TraceReport Report() => TraceAnalysis.Analyse(KnownRun.Run(), StepHistory.Empty, new TraceOptions(Slowest: 2, UtilisationBuckets: 5));

    [Fact]
    public void The_text_report_names_the_critical_path_the_emulation_loss_and_the_limits()
    {
        var text = new StringWriter();

        TraceReportText.Write(text, Report());

        var printed = text.ToString();
        Assert.Contains("Critical path: 3 steps, 50 min 00 s = 100% of the run", printed, StringComparison.Ordinal);
        Assert.Contains("b (riscv64-linux) on x1/0 emulated x5: queued 0.0 s, ran 29 min 00 s, mostly build", printed, StringComparison.Ordinal);
        Assert.Contains("riscv64-linux: 1 step, 25 min 00 s emulated vs 5 min 00 s native, 20 min 00 s lost", printed, StringComparison.Ordinal);
        Assert.Contains("only some builders offer x86_64-linux with big-parallel: 8 min 00 s of waiting over 1 step", printed, StringComparison.Ordinal);
        Assert.Contains("|+#++=|", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_report_parses_and_carries_the_same_figures_in_seconds()
    {
        var text = new StringWriter();

        TraceReportJson.Write(text, Report());

        using var json = JsonDocument.Parse(text.ToString());
        var root = json.RootElement;
        Assert.Equal(3000, root.GetProperty("makespan").GetDouble());
        var path = root.GetProperty("criticalPath");
        Assert.Equal(1.0, path.GetProperty("shareOfMakespan").GetDouble());
        Assert.Equal(["a", "b", "e"], path.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(120, path.GetProperty("steps")[2].GetProperty("queue").GetDouble());
        Assert.Equal(1200, root.GetProperty("emulation")[0].GetProperty("lost").GetDouble());
        Assert.Equal("graphShape", root.GetProperty("limits")[0].GetProperty("limiter").GetString());
        Assert.Equal(0.54, root.GetProperty("utilisationByBuilder").EnumerateArray().Single(s => s.GetProperty("subject").GetString() == "x1").GetProperty("average").GetDouble());
        Assert.Equal(5, root.GetProperty("results").GetProperty("built").GetInt32());
    }
}
