using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

public sealed class NarValidatorTests
{
    [Fact]
    public void Validator_returns_the_same_hash_and_size_as_the_writer()
    {
        using var temp = new TempDirectory();
        NarVectors.CreateTree("order.nar", temp.Combine("order"));
        using var nar = new MemoryStream();
        var written = NarWriter.Write(temp.Combine("order"), nar);
        nar.Position = 0;

        var validated = NarValidator.Validate(nar);

        Assert.True(validated.IsValid);
        Assert.Equal(written, validated.HashAndSize);
    }

    [Fact]
    public void Validator_reports_an_invalid_nar_as_a_result_with_offset()
    {
        var result = NarValidator.Validate(new MemoryStream(TestNar.DirectoryWithFiles("b", "a")));

        Assert.False(result.IsValid);
        Assert.Null(result.HashAndSize);
        Assert.Contains("NAR directory is not sorted", result.Error.Message, StringComparison.Ordinal);
        Assert.True(result.Error.Offset > 0);
    }

    [Fact]
    public void Hashing_streams_agree_with_each_other_and_pass_bytes_through()
    {
        var data = NarVectors.Read("tree.nar");
        using var sink = new MemoryStream();
        using var writer = new HashingWriteStream(sink);
        using var reader = new HashingReadStream(new MemoryStream(data));

        reader.CopyTo(writer, 7);

        Assert.Equal(data, sink.ToArray());
        Assert.Equal(reader.GetHashAndSize(), writer.GetHashAndSize());
        Assert.Equal("sha256:16ki95d2d00l7ls28x6jpc95v6lm01vv2k0vskw60gphrr516v4f", writer.GetHashAndSize().NarHash.ToString());
    }
}
