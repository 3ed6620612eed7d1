using System.Security.Cryptography;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox.Logging;

[Collection(RealSandboxTests.Name)]
public sealed class LargeLogTests
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;
    private const string Line = "a line of build output\n";

    [Fact]
    public async Task A_builder_printing_50_MB_streams_it_all_to_the_sink_with_bounded_memory()
    {
        using var bed = new SandboxTestBed();
        bed.Options.LogTailBytes = 4096;
        var spec = bed.Shell($"yes 'a line of build output' 2>/dev/null | head -c {FiftyMegabytes}; echo; echo the last line");
        var sink = new HashingSink();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = await bed.RunAsync(spec, sink);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        var expectedLength = FiftyMegabytes + "\nthe last line\n".Length;
        Assert.Equal(expectedLength, sink.Bytes);
        Assert.Equal(expectedLength, result.LogBytes);
        Assert.Equal(ExpectedHash(), sink.Hash);
        var partialLastLine = Line[..(int)(FiftyMegabytes % Line.Length)];
        Assert.EndsWith($"{Line}{partialLastLine}\nthe last line\n", result.LogTail, StringComparison.Ordinal);
        Assert.StartsWith(Line, result.LogTail, StringComparison.Ordinal);
        Assert.InRange(result.LogTail.Length, 1, 4096);
        Assert.True(allocated < 16 * 1024 * 1024, $"the run allocated {allocated} bytes for a {FiftyMegabytes}-byte log; expected under 16 MiB");
    }

    private static string ExpectedHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = System.Text.Encoding.ASCII.GetBytes(Line);
        long written = 0;
        while (written + line.Length <= FiftyMegabytes)
        {
            hash.AppendData(line);
            written += line.Length;
        }

        hash.AppendData(line, 0, (int)(FiftyMegabytes - written));
        hash.AppendData("\nthe last line\n"u8);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Counts and hashes the log instead of keeping it, like an uploader streaming to the cache.</summary>
    private sealed class HashingSink : IBuildLogSink, IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Bytes { get; private set; }

        public string Hash => Convert.ToHexString(_hash.GetCurrentHash());

        public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            _hash.AppendData(chunk.Span);
            Bytes += chunk.Length;
            return ValueTask.CompletedTask;
        }

        public void Dispose() => _hash.Dispose();
    }
}
