using System.Runtime.Serialization;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Protocol.Serialization;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Protocol;

public sealed class ProtocolSerializerTests
{
    private static readonly IAsterFarmMessage[] AllSamples = [.. ProtocolSamples.Full, .. ProtocolSamples.Sparse];

    // Indexed, so test names stay short (a sample's ToString can hold a 4 KiB log tail).
    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        for (var i = 0; i < AllSamples.Length; i++)
        {
            data.Add(AllSamples[i].GetType().Name, i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_wire_type_round_trips_to_an_equal_value(string type, int index)
    {
        var sample = AllSamples[index];
        var manifest = ProtocolSerializer.ManifestOf(sample.GetType());
        var bytes = ProtocolSerializer.Serialize(sample);

        var read = ProtocolSerializer.Deserialize(bytes, manifest);

        Assert.True(sample.Equals(read), $"{type} did not round-trip:\n  sent {sample}\n  read {read}");
    }

    [Fact]
    public void An_unknown_manifest_throws_a_SerializationException_naming_it()
    {
        var error = Assert.Throws<SerializationException>(() => ProtocolSerializer.Deserialize(new byte[] { 0x90 }, "zz9"));

        Assert.Contains("'zz9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_without_a_manifest_is_refused()
    {
        Assert.Throws<SerializationException>(() => ProtocolSerializer.Serialize("not a wire message"));
    }

    [Theory]
    [InlineData("cd")]
    [InlineData("cq")]
    [InlineData("cl")]
    [InlineData("cm")]
    public void A_retired_manifest_is_refused_and_never_registered_again(string manifest)
    {
        var error = Assert.Throws<SerializationException>(() => ProtocolSerializer.Deserialize(new byte[] { 0x90 }, manifest));

        Assert.Contains($"'{manifest}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("removed", error.Message, StringComparison.Ordinal);
        Assert.False(ProtocolManifests.TypesByManifest.ContainsKey(manifest), $"retired manifest '{manifest}' is registered again");
    }

    [Fact]
    public void A_message_over_the_size_limit_is_refused_when_sent()
    {
        var drv = StorePath.Parse(new string('a', 32) + "-big.drv");
        var tooBig = new BuildLogChunk(drv, 0, new byte[ProtocolLimits.MaxMessageBytes + 1], Running: true);

        var error = Assert.Throws<SerializationException>(() => ProtocolSerializer.Serialize(tooBig));

        Assert.Contains("'vl'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_at_their_documented_bounds_stay_far_below_the_frame_limit()
    {
        var longest = StorePath.Parse(new string('a', 32) + "-" + new string('n', StorePath.MaxNameLength));
        var roots = ValueList.From(Enumerable.Repeat(longest, ProtocolLimits.MaxPathsPerMessage));
        var failure = (BuildFailed)ProtocolSamples.Full.Single(sample => sample is BuildFailed) with
        {
            LogTail = LogTail.Of(string.Concat(Enumerable.Repeat("é€😀", 10_000))),
        };

        IAsterFarmMessage[] atBounds =
        [
            new SubmitRun(RunId.New(), roots, 0, RunOptions.Default, 1, null),
            new BuildLogChunk(longest, long.MaxValue, new byte[BuildLogChunk.MaxBytes], Running: true),
            failure,
        ];

        foreach (var message in atBounds)
        {
            var size = ProtocolSerializer.Serialize(message).Length;
            Assert.True(size <= 64 * 1024, $"{message.GetType().Name} at its bounds is {size} bytes, expected at most 64 KiB");
        }
    }

    [Fact]
    public void A_log_tail_keeps_the_end_of_the_log_within_the_byte_limit_without_splitting_characters()
    {
        var log = "start\n" + string.Concat(Enumerable.Repeat("😀 line\n", 2000)) + "the end";

        var tail = LogTail.Of(log);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(tail) <= ProtocolLimits.MaxLogTailBytes);
        Assert.EndsWith("the end", tail, StringComparison.Ordinal);
        Assert.False(char.IsLowSurrogate(tail[0]), "the tail starts in the middle of a surrogate pair");
        Assert.Equal("short log", LogTail.Of("short log"));
    }
}
