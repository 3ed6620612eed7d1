using AsterFarm.Builder.Remote.ServeProtocol;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Builder.Tests.Remote;

/// <summary>
/// The client faced with a peer that sends truncated or garbage frames: every failure is a
/// <see cref="ServeProtocolException"/> naming the machine, never a hang, another exception or a NAR reported whole.
/// </summary>
public sealed class ServeProtocolFuzzTests
{
    private const string Machine = "ssh://fuzz@peer";
    private static readonly StorePath Output = StorePath.Parse("00000000000000000000000000000000-out");

    [Fact]
    public async Task Nars_are_copied_byte_for_byte_and_each_ends_where_the_next_answer_begins()
    {
        var nar = SampleNar();
        var peer = new MemoryStream([.. Greeting(), .. nar, .. nar]);
        using var connection = await ServeConnection.OpenAsync(peer, new MemoryStream(), Machine, StoreDir.Default, CancellationToken.None);
        var first = new MemoryStream();
        var second = new MemoryStream();

        var size = await connection.DumpStorePathAsync(Output, first, CancellationToken.None);
        await connection.DumpStorePathAsync(Output, second, CancellationToken.None);

        Assert.Equal(nar, first.ToArray());
        Assert.Equal(nar, second.ToArray());
        Assert.Equal(nar.Length, size);
    }

    [Fact]
    public async Task A_nar_cut_anywhere_fails_naming_the_machine()
    {
        var nar = SampleNar();
        for (var cut = 0; cut < nar.Length; cut++)
        {
            var peer = new MemoryStream([.. Greeting(), .. nar.AsSpan(0, cut)]);
            using var connection = await ServeConnection.OpenAsync(peer, new MemoryStream(), Machine, StoreDir.Default, CancellationToken.None);

            var error = await Assert.ThrowsAsync<ServeProtocolException>(() => connection.DumpStorePathAsync(Output, new MemoryStream(), CancellationToken.None));

            Assert.Contains(Machine, error.Message, StringComparison.Ordinal);
            Assert.True(connection.IsBroken);
        }
    }

    [Fact]
    public async Task Garbage_after_the_greeting_fails_every_command_cleanly()
    {
        await Gen.Byte.Array[0, 300].SampleAsync(async garbage =>
        {
            foreach (var command in Commands())
            {
                using var connection = await ServeConnection.OpenAsync(
                    new MemoryStream([.. Greeting(), .. garbage]), new MemoryStream(), Machine, StoreDir.Default, CancellationToken.None);
                try
                {
                    await command(connection);
                }
                catch (ServeProtocolException error)
                {
                    Assert.Contains(Machine, error.Message, StringComparison.Ordinal);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public async Task Every_truncation_of_a_valid_build_result_fails_cleanly()
    {
        var answer = BuildResultBytes();
        for (var cut = 0; cut < answer.Length; cut++)
        {
            var reader = new ServeReader(new MemoryStream(answer[..cut]), Machine);
            var error = await Assert.ThrowsAsync<ServeProtocolException>(() => ServeBuildResult.ReadAsync(reader, 7, CancellationToken.None).AsTask());
            Assert.Contains(Machine, error.Message, StringComparison.Ordinal);
        }

        var whole = await ServeBuildResult.ReadAsync(new ServeReader(new MemoryStream(answer), Machine), 7, CancellationToken.None);
        Assert.Equal(ServeBuildStatus.PermanentFailure, whole.Status);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 7, 2, 0, 0, 0, 0, 0, 0 }, "protocol mismatch")]
    [InlineData(new byte[] { 0xcb, 0xee, 0x52, 0x54, 0, 0, 0, 0, 0x07, 0x03, 0, 0, 0, 0, 0, 0 }, "unsupported 'nix-store --serve' protocol version 3.7")]
    [InlineData(new byte[] { 0xcb, 0xee, 0x52, 0x54, 0, 0, 0, 0, 0x03, 0x02, 0, 0, 0, 0, 0, 0 }, "unsupported 'nix-store --serve' protocol version 2.3")]
    [InlineData(new byte[] { 0xcb, 0xee, 0x52, 0x54 }, "closed the connection")]
    public async Task An_unexpected_greeting_or_version_is_refused_by_name(byte[] greeting, string expected)
    {
        var error = await Assert.ThrowsAsync<ServeProtocolException>(() =>
            ServeConnection.OpenAsync(new MemoryStream(greeting), new MemoryStream(), Machine, StoreDir.Default, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(Machine, error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Func<ServeConnection, Task>> Commands() =>
    [
        c => c.QueryValidPathsAsync([Output], CancellationToken.None),
        c => c.QueryPathInfosAsync([Output], CancellationToken.None),
        c => c.DumpStorePathAsync(Output, new MemoryStream(), CancellationToken.None),
        c => ServeBuildResult.ReadAsync(new ServeReader(new MemoryStream(), Machine), 7, CancellationToken.None).AsTask(),
    ];

    private static byte[] Greeting() => [0xcb, 0xee, 0x52, 0x54, 0, 0, 0, 0, 0x07, 0x02, 0, 0, 0, 0, 0, 0];

    private static byte[] SampleNar()
    {
        using var tree = new TempDirectory("asterfarm-serve-fuzz");
        var root = tree.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.WriteAllText(Path.Combine(root, "sub", "file"), "some contents\n");
        File.WriteAllBytes(Path.Combine(root, "exe"), [1, 2, 3]);
        File.SetUnixFileMode(Path.Combine(root, "exe"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(root, "link"), "sub/file");
        var nar = new MemoryStream();
        NarWriter.Write(root, nar);
        return nar.ToArray();
    }

    private static byte[] BuildResultBytes()
    {
        var bytes = new MemoryStream();
        var writer = new ServeWriter(bytes);
        var fields = new Func<ValueTask>[]
        {
            () => writer.WriteAsync((ulong)ServeBuildStatus.PermanentFailure, CancellationToken.None),
            () => writer.WriteAsync("builder failed", CancellationToken.None),
            () => writer.WriteAsync(1UL, CancellationToken.None),
            () => writer.WriteAsync(false, CancellationToken.None),
            () => writer.WriteAsync(10UL, CancellationToken.None),
            () => writer.WriteAsync(11UL, CancellationToken.None),
            () => writer.WriteAsync(1UL, CancellationToken.None),
            () => writer.WriteAsync("sha256:00!out", CancellationToken.None),
            () => writer.WriteAsync("{}", CancellationToken.None),
        };
        foreach (var field in fields)
        {
            field().AsTask().GetAwaiter().GetResult();
        }

        writer.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        return bytes.ToArray();
    }
}
