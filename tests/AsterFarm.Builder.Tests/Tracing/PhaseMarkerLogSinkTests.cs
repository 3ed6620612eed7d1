using System.Text;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Builder.Tracing;
using AsterFarm.Shared.Tests.BinaryCache;
using CsCheck;

namespace AsterFarm.Builder.Tests.Tracing;

public sealed class PhaseMarkerLogSinkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);

    private const string StdenvLog =
        "unpacking sources\n" +
        "@nix { \"action\": \"setPhase\", \"phase\": \"unpackPhase\" }\n" +
        "source root is hello-2.12\n" +
        "@nix { \"action\": \"setPhase\", \"phase\": \"configurePhase\" }\r\n" +
        "checking for gcc... gcc\n" +
        "@nix {\"action\":\"result\",\"fields\":[\"buildPhase\"],\"id\":9,\"type\":104}\n" +
        "make all\n" +
        "@nix { \"action\": \"setPhase\", \"phase\": \"installPhase\" }";

    private sealed class Collect : IBuildLogSink
    {
        public MemoryStream Bytes { get; } = new();

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            Bytes.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task WriteLinesAsync(PhaseMarkerLogSink sink, ManualTimeProvider clock, string log)
    {
        foreach (var line in log.Split('\n'))
        {
            await sink.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Each_phase_runs_from_its_marker_to_the_next_and_the_last_to_the_end_of_the_build()
    {
        var clock = new ManualTimeProvider(T0);
        var sink = new PhaseMarkerLogSink(null, clock);

        await WriteLinesAsync(sink, clock, StdenvLog);
        clock.Advance(TimeSpan.FromMinutes(2));
        var phases = sink.Complete();

        Assert.Equal(
            [
                new BuildPhaseInterval("unpackPhase", T0.AddMinutes(1), T0.AddMinutes(3)),
                new BuildPhaseInterval("configurePhase", T0.AddMinutes(3), T0.AddMinutes(5)),
                new BuildPhaseInterval("buildPhase", T0.AddMinutes(5), T0.AddMinutes(7)),
                new BuildPhaseInterval("installPhase", T0.AddMinutes(7), T0.AddMinutes(10)),
            ],
            phases);
    }

    [Fact]
    public void The_log_is_passed_on_byte_for_byte_and_the_phases_do_not_depend_on_where_chunks_split()
    {
        var bytes = Encoding.UTF8.GetBytes(StdenvLog);
        Gen.Int[0, bytes.Length].Array[0, 12].Sample(cuts =>
        {
            var inner = new Collect();
            var sink = new PhaseMarkerLogSink(inner, new ManualTimeProvider(T0));
            var bounds = cuts.Append(0).Append(bytes.Length).Distinct().Order().ToArray();
            for (var i = 1; i < bounds.Length; i++)
            {
                sink.WriteAsync(bytes.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }

            Assert.Equal(bytes, inner.Bytes.ToArray());
            Assert.Equal(["unpackPhase", "configurePhase", "buildPhase", "installPhase"], sink.Complete().Select(p => p.Name));
        });
    }

    [Fact]
    public void Garbage_never_throws_and_is_passed_on_unchanged()
    {
        Gen.Byte.Array[0, 2000].Select(Gen.Int[1, 64]).Sample((garbage, chunk) =>
        {
            var inner = new Collect();
            var sink = new PhaseMarkerLogSink(inner, new ManualTimeProvider(T0));
            var withMarkers = garbage.Concat("\n@nix {\"action\":\"setPh"u8.ToArray()).Concat(garbage).ToArray();
            for (var at = 0; at < withMarkers.Length; at += chunk)
            {
                sink.WriteAsync(withMarkers.AsMemory(at, Math.Min(chunk, withMarkers.Length - at)), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }

            Assert.Equal(withMarkers, inner.Bytes.ToArray());
            Assert.Empty(sink.Complete());
        });
    }

    [Fact]
    public async Task A_huge_marker_line_is_skipped_whole_and_the_next_line_still_counts()
    {
        var sink = new PhaseMarkerLogSink(null, new ManualTimeProvider(T0));
        var huge = "@nix {\"action\":\"setPhase\",\"phase\":\"x\",\"pad\":\"" + new string('a', 10 * 1024 * 1024) + "\"}\n";

        // In pieces, as a pipe delivers it: the sink must not grow with the line.
        var bytes = Encoding.UTF8.GetBytes(huge);
        for (var at = 0; at < bytes.Length; at += 65536)
        {
            await sink.WriteAsync(bytes.AsMemory(at, Math.Min(65536, bytes.Length - at)), CancellationToken.None);
        }

        await sink.WriteAsync("@nix { \"action\": \"setPhase\", \"phase\": \"checkPhase\" }\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["checkPhase"], sink.Complete().Select(p => p.Name));
    }

    [Fact]
    public async Task A_build_announcing_endless_phases_keeps_a_bounded_number()
    {
        var clock = new ManualTimeProvider(T0);
        var sink = new PhaseMarkerLogSink(null, clock);
        for (var i = 0; i < 5000; i++)
        {
            await sink.WriteAsync(Encoding.UTF8.GetBytes($"@nix {{\"action\":\"setPhase\",\"phase\":\"p{i}\"}}\n"), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var phases = sink.Complete();

        Assert.Equal(BuildPhaseRecorder.MaxPhases, phases.Count);
        Assert.Equal(T0.AddSeconds(5000), phases[^1].End);
    }
}
