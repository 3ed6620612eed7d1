using AsterFarm.Builder.Remote.ServeProtocol;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Remote;

/// <summary>Our reader and writer against Nix's own serve-protocol byte vectors (Vectors/README.md).</summary>
public sealed class ServeProtocolVectorTests
{
    private const string Machine = "ssh://vector@test";

    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Remote", "Vectors", name + ".bin"));

    [Fact]
    public async Task The_greeting_sends_our_magic_and_version_2_7_and_reads_the_servers_minor()
    {
        var sent = new MemoryStream();
        using var connection = await ServeConnection.OpenAsync(new MemoryStream(Vector("handshake-to-client")), sent, Machine, StoreDir.Default, CancellationToken.None);

        Assert.Equal(5, connection.Minor);
        Assert.Equal(new byte[] { 0xeb, 0x9d, 0x0c, 0x39, 0, 0, 0, 0, 0x07, 0x02, 0, 0, 0, 0, 0, 0 }, sent.ToArray());
    }

    [Fact]
    public async Task Build_options_at_minor_7_are_the_bytes_nix_writes()
    {
        var sent = new MemoryStream();
        var writer = new ServeWriter(sent);
        await new ServeBuildOptions(MaxSilentTime: 5, Timeout: 6, MaxLogSize: 7, BuildRepeat: 8, EnforceDeterminism: false, KeepFailed: true)
            .WriteAsync(writer, 7, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(Vector("build-options-2.7"), sent.ToArray());
    }

    [Fact]
    public async Task Build_results_at_minor_6_carry_times_and_built_outputs()
    {
        var reader = new ServeReader(new MemoryStream(Vector("build-result-2.6")), Machine);

        var rejected = await ServeBuildResult.ReadAsync(reader, 6, CancellationToken.None);
        var nondeterministic = await ServeBuildResult.ReadAsync(reader, 6, CancellationToken.None);
        var built = await ServeBuildResult.ReadAsync(reader, 6, CancellationToken.None);

        Assert.Equal((ServeBuildStatus.OutputRejected, "no idea why", false), (rejected.Status, rejected.ErrorMessage, rejected.Succeeded));
        Assert.Equal((ServeBuildStatus.NotDeterministic, 3UL, true, 30L, 50L), (nondeterministic.Status, nondeterministic.TimesBuilt, nondeterministic.IsNonDeterministic, nondeterministic.StartTime, nondeterministic.StopTime));
        Assert.True(built.Succeeded);
        Assert.Equal(
            ["sha256:6f869f9ea2823bda165e06076fd0de4366dead2c0e8d2dbbad277d4f15c373f5!bar", "sha256:6f869f9ea2823bda165e06076fd0de4366dead2c0e8d2dbbad277d4f15c373f5!foo"],
            built.BuiltOutputs.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("\"outPath\"", built.BuiltOutputs.Values.First(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ServeProtocolException>(() => reader.ReadUInt64Async("nothing more", CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Build_results_at_minor_3_have_no_built_outputs()
    {
        var reader = new ServeReader(new MemoryStream(Vector("build-result-2.3")), Machine);

        var first = await ServeBuildResult.ReadAsync(reader, 3, CancellationToken.None);
        var second = await ServeBuildResult.ReadAsync(reader, 3, CancellationToken.None);

        Assert.Equal(ServeBuildStatus.OutputRejected, first.Status);
        Assert.Equal((ServeBuildStatus.NotDeterministic, 30L, 50L), (second.Status, second.StartTime, second.StopTime));
        Assert.Empty(second.BuiltOutputs);
    }

    [Fact]
    public async Task Path_infos_at_minor_4_read_deriver_references_sizes_hash_content_address_and_signatures()
    {
        var peer = new MemoryStream([.. Vector("handshake-to-client"), .. Vector("unkeyed-valid-path-info-2.4")]);
        using var connection = await ServeConnection.OpenAsync(peer, new MemoryStream(), Machine, StoreDir.Default, CancellationToken.None);
        var path = StorePath.Parse("g1w7hy3qg1w7hy3qg1w7hy3qg1w7hy3q-bar");

        var plain = await connection.ReadPathInfoAsync(path, CancellationToken.None);
        var addressed = await connection.ReadPathInfoAsync(path, CancellationToken.None);

        Assert.Equal("g1w7hy3qg1w7hy3qg1w7hy3qg1w7hy3q-bar.drv", plain.Deriver.ToString());
        Assert.Equal(["g1w7hyyyy1w7hy3qg1w7hy3qgqqqqy3q-foo.drv"], plain.References.Select(r => r.BaseName));
        Assert.Equal(34878, plain.NarSize);
        Assert.Equal("sha256-FePFYIlMuycIXPZbWi7LGEiMmZSX9FMbaQenWBzm1Sc=", plain.NarHash.ToSri());
        Assert.Equal(string.Empty, plain.ContentAddress);
        Assert.Empty(plain.Signatures);
        Assert.StartsWith("fixed:r:sha256:", addressed.ContentAddress, StringComparison.Ordinal);
        Assert.Equal(2, addressed.References.Count);
        Assert.Equal(["fake-sig-1", "fake-sig-2"], addressed.Signatures.Select(s => s.Split(':')[0]));
    }

    [Fact]
    public async Task Strings_and_sets_read_and_write_as_nix_frames_them()
    {
        var reader = new ServeReader(new MemoryStream(Vector("string")), Machine);
        var strings = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            strings.Add(await reader.ReadStringAsync("a string", CancellationToken.None));
        }

        Assert.Equal(["", "hi", "white rabbit", "大白兔", "oh no "], strings);
        var written = new MemoryStream();
        var writer = new ServeWriter(written);
        foreach (var s in strings)
        {
            await writer.WriteAsync(s, CancellationToken.None);
        }

        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(Vector("string"), written.ToArray());

        var sets = new ServeReader(new MemoryStream(Vector("set")), Machine);
        Assert.Empty(await sets.ReadStringsAsync("a set", CancellationToken.None));
        Assert.Equal([""], await sets.ReadStringsAsync("a set", CancellationToken.None));
        Assert.Equal(["", "bar", "foo"], await sets.ReadStringsAsync("a set", CancellationToken.None));
    }
}
