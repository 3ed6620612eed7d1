using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Tests.Sandbox.Logging;

public sealed class FileBuildLogSinkTests
{
    [Fact]
    public async Task The_file_sink_writes_every_chunk_in_order()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("build.log");

        await using (var sink = new FileBuildLogSink(path))
        {
            await sink.WriteAsync("one\n"u8.ToArray(), CancellationToken.None);
            await sink.WriteAsync("two\n"u8.ToArray(), CancellationToken.None);
        }

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(path));
    }
}
