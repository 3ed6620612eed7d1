using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Chrome;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tests.Tracing;

public sealed class ChromeTraceWriterTests
{
    private static JsonElement[] Events(RunTimeline run)
    {
        using var stream = new MemoryStream();
        ChromeTraceWriter.Write(stream, run);
        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static IEnumerable<JsonElement> Phase(JsonElement[] events, string phase) =>
        events.Where(e => e.GetProperty("ph").GetString() == phase);

    private static (int Pid, int Tid, long Start, long End) Slot(JsonElement e) =>
        (e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32(), e.GetProperty("ts").GetInt64(), e.GetProperty("ts").GetInt64() + e.GetProperty("dur").GetInt64());

    [Fact]
    public void Every_build_that_ran_appears_exactly_once_as_a_build_slice()
    {
        var events = Events(KnownRun.Run());

        var builds = Phase(events, "X").Where(e => e.GetProperty("cat").GetString() == "build")
            .Select(e => e.GetProperty("args").GetProperty("drv").GetString()).ToList();

        Assert.Equal(["a", "b", "c", "d", "e"], builds.Select(d => d![11..^4]).Order());
    }

    [Fact]
    public void Slices_nest_per_thread_even_when_phases_overlap_or_a_slot_is_reported_twice()
    {
        var run = KnownRun.Run();
        var clash = KnownRun.Step("clash", KnownRun.X86, 0, "x1", 0, 5, 6, 9, 11) with
        {
            // Upload reported as starting before the scan ended: still drawn nested, never crossing.
            Upload = KnownRun.Transfer(9.5, 11),
        };
        var events = Events(new RunTimeline("r", [.. run.Steps, clash], run.Edges, run.Builders));

        foreach (var thread in Phase(events, "X").Select(Slot).GroupBy(s => (s.Pid, s.Tid)))
        {
            var open = new Stack<(long Start, long End)>();
            foreach (var slice in thread.OrderBy(s => s.Start).ThenByDescending(s => s.End - s.Start))
            {
                while (open.Count > 0 && open.Peek().End <= slice.Start)
                {
                    open.Pop();
                }

                var parentEnd = open.Count == 0 ? long.MaxValue : open.Peek().End;
                Assert.True(slice.End <= parentEnd, $"slice [{slice.Start}, {slice.End}) on {thread.Key} crosses its parent ending at {parentEnd}");
                open.Push((slice.Start, slice.End));
            }
        }
    }

    [Fact]
    public void A_build_slice_holds_its_phases_and_the_build_holds_the_builds_own_phases()
    {
        var events = Events(KnownRun.Run());
        var slices = Phase(events, "X").ToList();
        var a = slices.Single(e => e.GetProperty("name").GetString() == "a");
        var configure = slices.Single(e => e.GetProperty("name").GetString() == "configurePhase");

        Assert.Equal((0L, 12L * 60_000_000), (Slot(a).Start, Slot(a).End));
        Assert.Equal((2L * 60_000_000, 4L * 60_000_000), (Slot(configure).Start, Slot(configure).End));
        Assert.Equal(
            ["fetch", "setup", "build", "scan", "upload"],
            slices.Where(e => e.GetProperty("cat").GetString() == "phase" && Slot(e).Pid == Slot(a).Pid && Slot(e).Tid == Slot(a).Tid && Slot(e).End <= Slot(a).End)
                .OrderBy(e => Slot(e).Start).Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public void Flow_arrows_follow_the_critical_path_and_bind_inside_existing_slices()
    {
        var events = Events(KnownRun.Run());
        var slices = Phase(events, "X").Select(Slot).ToList();
        var flows = events.Where(e => e.GetProperty("ph").GetString() is "s" or "f").ToList();

        Assert.Equal(4, flows.Count);
        foreach (var pair in flows.GroupBy(f => f.GetProperty("id").GetInt32()))
        {
            Assert.Equal(["f", "s"], pair.Select(f => f.GetProperty("ph").GetString()).Order());
        }

        foreach (var flow in flows)
        {
            var (pid, tid, ts) = (flow.GetProperty("pid").GetInt32(), flow.GetProperty("tid").GetInt32(), flow.GetProperty("ts").GetInt64());
            Assert.Contains(slices, s => s.Pid == pid && s.Tid == tid && s.Start <= ts && ts < s.End);
        }

        var buildAt = Phase(events, "X").Where(e => e.GetProperty("cat").GetString() == "build")
            .ToDictionary(e => (Slot(e).Pid, Slot(e).Tid, Slot(e).Start), e => e.GetProperty("name").GetString());
        var targets = flows.Where(f => f.GetProperty("ph").GetString() == "f").OrderBy(f => f.GetProperty("id").GetInt32())
            .Select(f => buildAt[(f.GetProperty("pid").GetInt32(), f.GetProperty("tid").GetInt32(), f.GetProperty("ts").GetInt64())]);
        Assert.Equal(["b", "e"], targets);
    }

    [Fact]
    public void Counter_tracks_give_busy_slots_and_queue_length_per_system()
    {
        var events = Events(KnownRun.Run());
        var counters = Phase(events, "C").ToList();

        var queue = counters.Where(c => c.GetProperty("name").GetString() == "queue length x86_64-linux")
            .Select(c => (c.GetProperty("ts").GetInt64() / 60_000_000, c.GetProperty("args").GetProperty("value").GetInt32()));
        Assert.Equal([(12L, 1), (20L, 0), (41L, 1), (43L, 0)], queue);
        Assert.Contains(counters, c => c.GetProperty("name").GetString() == "busy slots riscv64-linux");
    }

    [Fact]
    public void Each_builder_is_a_process_and_each_slot_a_named_thread()
    {
        var events = Events(KnownRun.Run());
        var names = Phase(events, "M").Select(m => (m.GetProperty("name").GetString(), m.GetProperty("args").GetProperty("name").GetString())).ToList();

        Assert.Contains(("process_name", "builder x1"), names);
        Assert.Contains(("process_name", "builder big"), names);
        Assert.Contains(("thread_name", "slot 1"), names);
    }
}
