using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>Every compression the cache accepts decompresses from any stream a reader has: an HTTP body cannot seek nor tell its position.</summary>
public sealed class DecompressionReaderTests
{
    [Theory]
    [InlineData(NarCompression.None)]
    [InlineData(NarCompression.Zstd)]
    [InlineData(NarCompression.Xz)]
    public void Each_compression_decompresses_from_a_forward_only_stream(NarCompression compression)
    {
        var nar = CacheTestData.UniqueNar();
        using var body = new ForwardOnlyStream(CacheTestData.Compress(nar, compression));

        using var decompressed = compression.OpenDecompression(body);
        using var copy = new MemoryStream();
        decompressed.CopyTo(copy);

        Assert.Equal(nar, copy.ToArray());
    }

    [Theory]
    [InlineData(NarCompression.None)]
    [InlineData(NarCompression.Zstd)]
    [InlineData(NarCompression.Xz)]
    public async Task Each_compression_decompresses_asynchronously_from_a_forward_only_stream(NarCompression compression)
    {
        var nar = CacheTestData.UniqueNar();
        await using var body = new ForwardOnlyStream(CacheTestData.Compress(nar, compression));

        await using var decompressed = compression.OpenDecompression(body);
        using var copy = new MemoryStream();
        await decompressed.CopyToAsync(copy);

        Assert.Equal(nar, copy.ToArray());
    }

    /// <summary>Like an HTTP response body: reads only; Length, Position and Seek throw.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
