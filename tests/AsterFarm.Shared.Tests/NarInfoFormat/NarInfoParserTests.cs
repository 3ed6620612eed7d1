using System.Text;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.NarInfoFormat;

public sealed class NarInfoParserTests
{
    private const string StorePathLine = "StorePath: /nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\n";
    private const string UrlLine = "URL: nar/1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z.nar\n";
    private const string NarHashLine = "NarHash: sha256:1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z\n";
    private const string NarSizeLine = "NarSize: 120\n";
    private const string Minimal = StorePathLine + UrlLine + NarHashLine + NarSizeLine;

    [Fact]
    public void A_missing_compression_means_bzip2_as_in_nix()
    {
        var narInfo = NarInfoParser.Parse(Minimal);

        Assert.Equal("bzip2", narInfo.Compression);
        Assert.Contains("Compression: bzip2\n", narInfo.Print(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_nix_serve_narinfo_without_file_hash_size_or_references_is_accepted()
    {
        var narInfo = NarInfoParser.Parse(Minimal + "Compression: none\n");

        Assert.Null(narInfo.FileHash);
        Assert.Null(narInfo.FileSize);
        Assert.Empty(narInfo.References);
        Assert.Equal(StorePathLine + UrlLine + "Compression: none\n" + NarHashLine + NarSizeLine + "References: \n", narInfo.Print());
    }

    [Fact]
    public void Unknown_deriver_means_no_deriver()
    {
        var narInfo = NarInfoParser.Parse(Minimal + "Deriver: unknown-deriver\n");

        Assert.Null(narInfo.Deriver);
        Assert.DoesNotContain("Deriver", narInfo.Print(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_ignored()
    {
        var narInfo = NarInfoParser.Parse("Priority:x\n" + Minimal + "FutureField: whatever: with colons\n");

        Assert.Equal(NarInfoParser.Parse(Minimal), narInfo);
    }

    [Fact]
    public void References_and_signatures_are_sorted_and_deduplicated_as_nix_sets_are()
    {
        var narInfo = NarInfoParser.Parse(Minimal
            + "References: z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt  4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt\n"
            + "Sig: b:AA==\nSig: a:AA==\nSig: b:AA==\nSystem: x86_64-linux\n");

        Assert.Equal(
            ["4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base", "z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt"],
            narInfo.References.Select(r => r.BaseName));
        Assert.EndsWith(
            "References: 4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt\n"
            + "System: x86_64-linux\nSig: a:AA==\nSig: b:AA==\n",
            narInfo.Print(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_ca_field_means_not_content_addressed()
    {
        Assert.Null(NarInfoParser.Parse(Minimal + "CA: \n").ContentAddress);
    }

    [Fact]
    public void A_narinfo_for_another_store_directory_is_read_with_that_directory()
    {
        var store = new StoreDir("/tmp/store");
        var text = Minimal.Replace("/nix/store/", "/tmp/store/", StringComparison.Ordinal);

        var narInfo = NarInfoParser.Parse(text, store);

        Assert.StartsWith("1;/tmp/store/4z6w", narInfo.Fingerprint(store), StringComparison.Ordinal);
        Assert.False(NarInfoParser.TryParse(text, StoreDir.Default, out _, out _));
    }

    [Theory]
    [InlineData(UrlLine + NarHashLine + NarSizeLine, null, "StorePath", "missing")]
    [InlineData(StorePathLine + UrlLine + NarSizeLine, null, "NarHash", "missing")]
    [InlineData(StorePathLine + NarHashLine + NarSizeLine, null, "URL", "missing")]
    [InlineData(StorePathLine + "URL: \n" + NarHashLine + NarSizeLine, null, "URL", "missing")]
    [InlineData(StorePathLine + UrlLine + NarHashLine, null, "NarSize", "missing")]
    [InlineData(StorePathLine + UrlLine + NarHashLine + "NarSize: 0\n", 4, "NarSize", "must not be 0")]
    [InlineData(StorePathLine + UrlLine + NarHashLine + "NarSize: 12x\n", 4, "NarSize", "not a non-negative decimal")]
    [InlineData(StorePathLine + UrlLine + NarHashLine + "NarSize: -1\n", 4, "NarSize", "not a non-negative decimal")]
    [InlineData(StorePathLine + UrlLine + NarHashLine + "NarSize: 99999999999999999999999\n", 4, "NarSize", "not a non-negative decimal")]
    [InlineData(Minimal + "FileSize: ten\n", 5, "FileSize", "not a non-negative decimal")]
    [InlineData(StorePathLine + UrlLine + "NarHash: sha256:1xga7qa3\n" + NarSizeLine, 3, "NarHash", "wrong length")]
    [InlineData(StorePathLine + UrlLine + "NarHash: 1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z\n" + NarSizeLine, 3, "NarHash", "does not include a type")]
    [InlineData(Minimal + "FileHash: sha257:1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z\n", 5, "FileHash", "unknown hash algorithm")]
    [InlineData("StorePath: /usr/bin/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\n" + UrlLine + NarHashLine + NarSizeLine, 1, "StorePath", "not in the Nix store")]
    [InlineData("StorePath: /nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-ba/se\n" + UrlLine + NarHashLine + NarSizeLine, 1, "StorePath", "inside a store path")]
    [InlineData("StorePath: /nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hu-base\n" + UrlLine + NarHashLine + NarSizeLine, 1, "StorePath", "invalid character 'u'")]
    [InlineData(Minimal + "References: /nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\n", 5, "References", "not a store path base name")]
    [InlineData(Minimal + "References: 4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-b@se\n", 5, "References", "forbidden character '@'")]
    [InlineData(Minimal + "References: 4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\nReferences: 4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\n", 6, "References", "second References")]
    [InlineData(Minimal + "Deriver: \n", 5, "Deriver", "not a store path base name")]
    [InlineData(Minimal + "CA: fixed:sha256:abc\n", 5, "CA", "bad sha256 hash")]
    [InlineData(Minimal + "CA: \nCA: \n", 6, "CA", "second CA")]
    [InlineData(Minimal + "just some words\n", 5, null, "expected 'Key: value'")]
    [InlineData(Minimal + "NarSize:120\n", 5, "NarSize", "expected ': '")]
    [InlineData(StorePathLine + UrlLine + NarHashLine + "NarSize: 120", 4, null, "does not end in a newline")]
    [InlineData("", null, "StorePath", "missing")]
    public void Malformed_narinfos_are_refused_naming_line_and_field(string text, int? line, string? field, string reason)
    {
        Assert.False(NarInfoParser.TryParse(text, null, out _, out var error));

        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        var thrown = Assert.Throws<NarInfoFormatException>(() => NarInfoParser.Parse(text));
        Assert.Equal(error, thrown.Error);
        Assert.Contains(field ?? "narinfo", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Minimal + "System: "), 0xff, (byte)'\n'];

        Assert.False(NarInfoParser.TryParse(bytes, null, out _, out var error));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_giant_narinfo_is_refused_before_it_is_parsed()
    {
        var giant = Minimal + "References:" + string.Concat(Enumerable.Repeat(" 4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base", 30_000)) + "\n";

        Assert.False(NarInfoParser.TryParse(giant, null, out _, out var error));
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.False(NarInfoParser.TryParse(Encoding.UTF8.GetBytes(giant), null, out _, out _));
    }

    [Fact]
    public void An_endless_stream_is_refused_after_a_bounded_read()
    {
        using var endless = new EndlessStream();

        Assert.False(NarInfoParser.TryRead(endless, null, out _, out var error));

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.Equal(NarInfoParser.MaxLength + 1, endless.BytesRead);
    }

    /// <summary>A hostile server that never stops sending <c>a</c>.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
