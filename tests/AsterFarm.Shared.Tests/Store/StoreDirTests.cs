using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Store;

public sealed class StoreDirTests
{
    private static readonly StoreDir Store = StoreDir.Default;
    private static readonly NixHash HelloNarHash =
        NixHash.Parse("sha256:34ca3ac63094d1d5751f741101692a78f95eedf10744b088129fc324dfd0f603");
    private static readonly NixHash HelloFileHash =
        NixHash.Parse("sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");

    [Fact]
    public void Output_path_of_the_worked_example_matches_nix()
    {
        var drvHash = NixHash.Parse("sha256:e06e72867a62bec08d504645c85af442e2e90de62fde0be01034b4082838d9e9");

        var path = Store.MakeOutputPath("out", drvHash, "hello-spec");

        Assert.Equal("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello-spec", Store.Print(path));
    }

    [Fact]
    public void Text_path_of_a_drv_without_references_matches_nix()
    {
        var contentHash = NixHash.Parse("sha256:668b4d0debba974483f61c50acfe8c848d392a8251e987e9bf80bd1b648bf7ce");

        var path = Store.MakeTextPath("hello-spec.drv", contentHash, []);

        Assert.Equal("wjka0bv2kkskkq2a7f6xdb1ql829hvbr-hello-spec.drv", path.BaseName);
    }

    [Theory]
    [InlineData(FileIngestionMethod.Flat, "sha256", "d5n8kjrd1ilw3mxdk83c446nyigj8pci-hello.txt")]
    [InlineData(FileIngestionMethod.Recursive, "sha256", "z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt")]
    [InlineData(FileIngestionMethod.Recursive, "sha1", "1cb47rqj1283fvpk0zrm4sy0gjqh4dds-hello.txt")]
    [InlineData(FileIngestionMethod.Flat, "md5", "sfzk1p60dr23kz8rc4xlps9qv073gjy5-hello.txt")]
    public void Fixed_output_paths_match_nix_store_add_fixed(FileIngestionMethod method, string algo, string expected)
    {
        var hashAlgo = HashAlgoInfo.Parse(algo);
        var hello = "hello world\n"u8.ToArray();
        var narOfHello = HelloNarBytes();
        var hash = method == FileIngestionMethod.Recursive
            ? NixHash.Compute(hashAlgo, narOfHello)
            : NixHash.Compute(hashAlgo, hello);

        var path = Store.MakeFixedOutputPath(method, hash, "hello.txt");

        Assert.Equal(expected, path.BaseName);
        if (method == FileIngestionMethod.Recursive && hashAlgo == HashAlgo.Sha256)
        {
            Assert.Equal(HelloNarHash, hash);
        }
        else if (method == FileIngestionMethod.Flat && hashAlgo == HashAlgo.Sha256)
        {
            Assert.Equal(HelloFileHash, hash);
        }
    }

    [Theory]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello-spec", true)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-a+b=c?d_e.f", true)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-", false)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciru-hello", false)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hel lo", false)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello/bin", false)]
    [InlineData("/nix/storex/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello", false)]
    [InlineData("/gnu/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello", false)]
    [InlineData("/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2cir-hello", false)]
    public void Parse_accepts_exactly_nix_store_paths(string text, bool valid)
    {
        Assert.Equal(valid, Store.TryParse(text, out var path, out var error));
        if (valid)
        {
            Assert.Equal(text, Store.Print(path));
        }
        else
        {
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void Names_longer_than_211_characters_are_refused()
    {
        var hash = "ryap2x01qk2xiir0qnwcl3ybvvw2ciri";

        Assert.True(StorePath.TryParse($"{hash}-{new string('a', 211)}", out _, out _));
        Assert.False(StorePath.TryParse($"{hash}-{new string('a', 212)}", out _, out var error));
        Assert.Contains("211", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_store_dir_changes_the_computed_paths()
    {
        var other = new StoreDir("/gnu/store");
        var drvHash = NixHash.Parse("sha256:e06e72867a62bec08d504645c85af442e2e90de62fde0be01034b4082838d9e9");

        var path = other.MakeOutputPath("out", drvHash, "hello-spec");

        Assert.StartsWith("/gnu/store/", other.Print(path), StringComparison.Ordinal);
        Assert.NotEqual("ryap2x01qk2xiir0qnwcl3ybvvw2ciri", path.HashPart);
    }

    private static byte[] HelloNarBytes() =>
        File.ReadAllBytes(Path.Combine(TestVectors.Directory, "nar", "hello.txt.nar"));
}
