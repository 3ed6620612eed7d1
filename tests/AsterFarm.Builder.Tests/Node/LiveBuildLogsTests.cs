using System.Text;
using AsterFarm.Builder.Node;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Node;

public sealed class LiveBuildLogsTests
{
    private static readonly StorePath Drv = StorePath.Parse("0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv");

    [Fact]
    public async Task A_running_build_log_is_read_from_any_offset_and_ends_when_the_build_ends()
    {
        var logs = new LiveBuildLogs();
        var sink = logs.Open(Drv);
        await sink.WriteAsync(Encoding.UTF8.GetBytes("configuring\n"), CancellationToken.None);
        await sink.WriteAsync(Encoding.UTF8.GetBytes("building\n"), CancellationToken.None);

        var whole = logs.Read(Drv, 0);
        var rest = logs.Read(Drv, whole.Offset + whole.Data.Length);
        var after = logs.Read(Drv, "configuring\n".Length);
        sink.Dispose();
        var ended = logs.Read(Drv, 0);

        Assert.Equal(("configuring\nbuilding\n", true), (Encoding.UTF8.GetString(whole.Data), whole.Running));
        Assert.Equal((0, true), (rest.Data.Length, rest.Running));
        Assert.Equal("building\n", Encoding.UTF8.GetString(after.Data));
        Assert.Equal((0, false), (ended.Data.Length, ended.Running));
    }

    [Fact]
    public async Task A_follower_behind_the_kept_bytes_skips_ahead_and_is_told_where_it_resumes()
    {
        var logs = new LiveBuildLogs();
        using var sink = logs.Open(Drv);
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < 40; i++)
        {
            Array.Fill(chunk, (byte)('a' + (i % 26)));
            await sink.WriteAsync(chunk, CancellationToken.None);
        }

        var read = logs.Read(Drv, 0);

        Assert.True(read.Offset > 0, "the first bytes are no longer kept");
        Assert.True(40L * chunk.Length - read.Offset <= LiveBuildLogs.MaxBytesKept, $"at most {LiveBuildLogs.MaxBytesKept} bytes are kept, resumed at {read.Offset}");
        Assert.Equal(Shared.Protocol.Dashboard.BuildLogChunk.MaxBytes, read.Data.Length);
        Assert.Equal((byte)('a' + (int)(read.Offset / chunk.Length % 26)), read.Data[0]);
    }
}
