using System.Buffers.Binary;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Tests.Nar;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>Uploads that expand far beyond what was sent are refused while they stream, and nothing is stored.</summary>
public sealed class DecompressionBombTests : IDisposable
{
    private readonly CacheStoreFixture _cache = new();

    public void Dispose() => _cache.Dispose();

    [Theory]
    [InlineData(NarCompression.Zstd, 512)]
    [InlineData(NarCompression.Xz, 160)]
    public async Task A_small_upload_expanding_beyond_the_default_ratio_is_refused_as_too_large_and_nothing_is_stored(NarCompression compression, int mebibytes)
    {
        // Hundreds of MiB of zeros: some KB compressed, a ratio far beyond any real store path's.
        var file = CompressedZeroFile((long)mebibytes << 20, compression);
        Assert.True(file.Length < 1 << 20, $"the bomb is {file.Length} bytes compressed");

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, compression), new MemoryStream(file));

        Assert.False(result.IsStored, $"a {mebibytes} MiB NAR from a {file.Length}-byte upload was stored");
        Assert.Equal(CacheRefusalKind.TooLarge, result.Refusal.Kind);
        Assert.Contains("compression ratio", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.PathsAndNars());
        Assert.Empty(Directory.EnumerateFiles(_cache.Combine(".asterfarm", "tmp")));
    }

    [Fact]
    public async Task A_bomb_is_refused_while_it_streams_without_reading_the_rest_of_the_upload()
    {
        // One zstd frame of a NAR claiming a 1 TiB file, then frame after frame of zeros: endless unless refused early.
        var head = CompressedNarHeader(1L << 40);
        var zeros = CacheTestData.Compress(new byte[16 << 20], NarCompression.Zstd);
        var upload = new RepeatingStream(head, zeros, maxBytes: 256L << 20);

        var result = await _cache.Store.PutNarAsync(new NarFileName(Shared.Hashing.NixHash.Sha256("unknown"), NarCompression.Zstd), upload);

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.TooLarge, result.Refusal.Kind);
        Assert.True(upload.Position < 16L << 20, $"the cache read {upload.Position} bytes of the bomb before refusing it, expected under 16 MiB");
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public async Task A_tiny_upload_of_deeply_nested_long_names_is_refused_as_invalid_naming_the_path_limit()
    {
        // 1024 directories in one another, each named with 4096 bytes: once ~40 GB of path strings for the reader.
        var file = CacheTestData.Compress(Nar.NarPathBoundsTests.NestedDirectories(depth: 1024, nameLength: 4096), NarCompression.Zstd);
        Assert.True(file.Length < 64 << 10, $"the upload is {file.Length} bytes");

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, NarCompression.Zstd), new MemoryStream(file));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Invalid, result.Refusal.Kind);
        Assert.Contains("longer than the limit of 65536", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public async Task A_nar_larger_than_max_nar_size_is_refused_even_uncompressed()
    {
        using var directory = new TempDirectory();
        using var store = FileBinaryCacheStore.Open(new FileBinaryCacheStoreOptions { Directory = directory.Path, MaxNarSize = 1 << 20 });
        var nar = TestNar.RegularFile(new string('x', 2 << 20));

        var result = await store.PutNarAsync(CacheTestData.NameOf(nar, NarCompression.None), new MemoryStream(nar));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.TooLarge, result.Refusal.Kind);
        Assert.Contains("larger than this cache accepts (1048576 bytes)", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_nar_compressing_well_is_still_stored()
    {
        // 32 MiB of zeros compress beyond any ratio, but stay under the size every upload may expand to.
        var file = CompressedZeroFile(32L << 20, NarCompression.Zstd);

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, NarCompression.Zstd), new MemoryStream(file));

        Assert.True(result.IsStored, result.ToString());
    }

    /// <summary>A NAR of one regular file of <paramref name="size"/> zero bytes, compressed while written (never whole in memory).</summary>
    internal static byte[] CompressedZeroFile(long size, NarCompression compression)
    {
        if (compression == NarCompression.Xz)
        {
            // AsterFarm writes no xz: the xz tool compresses the whole NAR, held in memory once.
            var nar = new byte[checked((int)(size + 256))];
            var head = NarHeader(size);
            head.CopyTo(nar, 0);
            var tail = TestNar.Build(")");
            var length = head.Length + size + NarPadding(size);
            tail.CopyTo(nar, length);
            return CacheTestData.Compress(nar.AsSpan(0, (int)(length + tail.Length)).ToArray(), NarCompression.Xz);
        }

        using var output = new MemoryStream();
        using (var compressor = compression.OpenCompression(output))
        {
            compressor.Write(NarHeader(size));
            var chunk = new byte[1 << 20];
            for (var left = size; left > 0; left -= chunk.Length)
            {
                compressor.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
            }

            compressor.Write(new byte[NarPadding(size)]);
            compressor.Write(TestNar.Build(")"));
        }

        return output.ToArray();
    }

    private static byte[] CompressedNarHeader(long size) => CacheTestData.Compress(NarHeader(size), NarCompression.Zstd);

    // Everything of a regular-file NAR up to its contents: the contents' length field is the last 8 bytes.
    private static byte[] NarHeader(long size)
    {
        var head = TestNar.Build("nix-archive-1", "(", "type", "regular", "contents");
        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, size);
        return [.. head, .. length];
    }

    private static int NarPadding(long size) => (int)((8 - (size % 8)) % 8);

    /// <summary><c>head</c>, then <c>body</c> again and again up to <c>maxBytes</c>; counts what was read.</summary>
    private sealed class RepeatingStream(byte[] head, byte[] body, long maxBytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Interlocked.Read(ref _position);
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var position = Interlocked.Read(ref _position);
            if (position >= maxBytes)
            {
                return 0;
            }

            var source = position < head.Length ? head.AsSpan((int)position) : body.AsSpan((int)((position - head.Length) % body.Length));
            var count = (int)Math.Min(Math.Min(buffer.Length, source.Length), maxBytes - position);
            source[..count].CopyTo(buffer);
            Interlocked.Add(ref _position, count);
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
