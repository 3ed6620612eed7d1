using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.NarInfoFormat;

public sealed class NarInfoVectorTests
{
    [Theory]
    [MemberData(nameof(VectorCache.HashParts), MemberType = typeof(VectorCache))]
    public void Every_narinfo_written_by_nix_prints_back_byte_identical(string hashPart)
    {
        var text = VectorCache.Text(hashPart);

        var narInfo = NarInfoParser.Parse(text);

        Assert.Equal(text, NarInfoWriter.Print(narInfo));
        Assert.Equal(hashPart, narInfo.StorePath.HashPart);
    }

    [Theory]
    [MemberData(nameof(VectorCache.HashParts), MemberType = typeof(VectorCache))]
    public void Parsing_utf8_bytes_gives_the_same_narinfo_as_parsing_text(string hashPart)
    {
        var bytes = File.ReadAllBytes(Path.Combine(VectorCache.Root, hashPart + ".narinfo"));

        Assert.Equal(VectorCache.Load(hashPart), NarInfoParser.Parse(bytes));
        Assert.Equal(bytes, NarInfoWriter.PrintUtf8(VectorCache.Load(hashPart)));
    }

    [Fact]
    public void Fingerprint_of_the_example_matches_the_documented_string()
    {
        var multi = VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk");

        Assert.Equal(VectorCache.ExampleFingerprint, multi.Fingerprint());
    }

    [Fact]
    public void Fingerprint_without_references_ends_with_a_semicolon()
    {
        var basePath = VectorCache.Load("4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp");

        Assert.Equal(
            "1;/nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base;sha256:1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z;120;",
            basePath.Fingerprint());
    }

    [Fact]
    public void Parser_reads_every_field_of_a_content_addressed_narinfo()
    {
        var fodFlat = VectorCache.Load("ab5qfc8kkckysdiiv6l2i1981asqnn3l");

        Assert.Equal("ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat", fodFlat.StorePath.BaseName);
        Assert.Equal("nar/00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil.nar", fodFlat.Url);
        Assert.Equal("none", fodFlat.Compression);
        Assert.Equal(NixHash.Parse("sha256:00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil"), fodFlat.FileHash);
        Assert.Equal(128UL, fodFlat.FileSize);
        Assert.Equal(128UL, fodFlat.NarSize);
        Assert.Empty(fodFlat.References);
        Assert.Equal(StorePath.Parse("z0n1y5mnplfybspva848fqiasccad40j-fod-flat.drv"), fodFlat.Deriver);
        Assert.Null(fodFlat.System);
        Assert.Single(fodFlat.Signatures);
        Assert.Equal(ContentAddress.Parse("fixed:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59"), fodFlat.ContentAddress);
    }

    [Theory]
    [InlineData("ab5qfc8kkckysdiiv6l2i1981asqnn3l", true)]
    [InlineData("jv9kzy0fqvvkm1c0kfkrvx5hlga9d59b", true)]
    [InlineData("z45ailnkm27lnvhimqkhy08f6sh5m17d", true)]
    [InlineData("m6badrsrhkq64ycglg0czy4bg36id3kr", true)]
    [InlineData("4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp", false)]
    [InlineData("lmxw7czkhbfsm9brnr6c31xwmljwwxqk", false)]
    public void Content_addressed_vectors_are_recognised_as_such(string hashPart, bool expected)
    {
        Assert.Equal(expected, VectorCache.Load(hashPart).IsContentAddressed());
    }
}
