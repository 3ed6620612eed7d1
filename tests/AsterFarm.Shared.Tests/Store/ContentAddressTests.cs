using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Store;

public sealed class ContentAddressTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Theory]
    [InlineData("fixed:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59")]
    [InlineData("fixed:r:sha256:16ki95d2d00l7ls28x6jpc95v6lm01vv2k0vskw60gphrr516v4f")]
    [InlineData("text:sha256:18r24mfdjdlgyavng16q8ycnryv4z2k0jjpmvdamy6x9jp0khszr")]
    [InlineData("fixed:r:sha1:kpcd173cq987hw957sx6m0868wv3x6d9")]
    [InlineData("fixed:md5:3jgzhjhz9zjvbb0kyj7jc500ch")]
    public void Content_addresses_from_nix_print_back_unchanged(string text)
    {
        Assert.Equal(text, ContentAddress.Parse(text).ToString());
    }

    [Fact]
    public void Parser_reads_kind_method_and_hash()
    {
        var address = ContentAddress.Parse("fixed:r:sha256:16ki95d2d00l7ls28x6jpc95v6lm01vv2k0vskw60gphrr516v4f");

        Assert.Equal(ContentAddressKind.Fixed, address.Kind);
        Assert.Equal(FileIngestionMethod.Recursive, address.Method);
        Assert.Equal(HashAlgo.Sha256, address.Hash.Algorithm);
    }

    [Fact]
    public void A_base16_hash_is_accepted_and_printed_in_base32()
    {
        var address = ContentAddress.Parse("fixed:sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");

        Assert.Equal("fixed:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59", address.ToString());
    }

    [Theory]
    [InlineData("sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59", "prefix 'sha256' is unrecognised")]
    [InlineData("nocolon", "not a content address")]
    [InlineData("text:sha1:kpcd173cq987hw957sx6m0868wv3x6d9", "must use sha256")]
    [InlineData("fixed:blake3:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59", "must name its hash")]
    [InlineData("fixed:sha256:0ix4jahr", "bad sha256 hash")]
    [InlineData("fixed:sha256:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59", "bad sha256 hash")]
    [InlineData("fixed:sha256:sha256-qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc=", "bad sha256 hash")]
    public void Malformed_content_addresses_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ContentAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat", "fixed:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59", "")]
    [InlineData("jv9kzy0fqvvkm1c0kfkrvx5hlga9d59b-tree", "fixed:r:sha256:16ki95d2d00l7ls28x6jpc95v6lm01vv2k0vskw60gphrr516v4f", "")]
    [InlineData("z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt", "fixed:r:sha256:00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil", "")]
    [InlineData("1cb47rqj1283fvpk0zrm4sy0gjqh4dds-hello.txt", "fixed:r:sha1:d3940248144d04a2341257dc71876d78edbe76b8", "")]
    [InlineData("m6badrsrhkq64ycglg0czy4bg36id3kr-script.sh", "text:sha256:18r24mfdjdlgyavng16q8ycnryv4z2k0jjpmvdamy6x9jp0khszr", "z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt")]
    public void Content_address_reproduces_the_store_path_nix_gave(string baseName, string ca, string reference)
    {
        var path = StorePath.Parse(baseName);
        StorePath[] references = reference.Length == 0 ? [] : [StorePath.Parse(reference)];

        Assert.True(ContentAddress.Parse(ca).Reproduces(Store, path, references));
    }

    [Fact]
    public void Content_address_does_not_reproduce_a_path_with_other_references()
    {
        var script = StorePath.Parse("m6badrsrhkq64ycglg0czy4bg36id3kr-script.sh");
        var ca = ContentAddress.Parse("text:sha256:18r24mfdjdlgyavng16q8ycnryv4z2k0jjpmvdamy6x9jp0khszr");

        Assert.False(ca.Reproduces(Store, script, []));
    }

    [Fact]
    public void A_reference_to_the_path_itself_counts_as_self()
    {
        var ca = ContentAddress.Fixed(FileIngestionMethod.Recursive, NixHash.Sha256("some nar"));
        Assert.True(ca.TryMakeStorePath(Store, "selfish", [], hasSelfReference: true, out var path, out _));

        Assert.True(ca.Reproduces(Store, path, [path]));
        Assert.False(ca.Reproduces(Store, path, []));
    }

    [Fact]
    public void A_flat_content_address_with_references_names_no_path_and_does_not_throw()
    {
        var ca = ContentAddress.Parse("fixed:sha256:0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59");
        var fodFlat = StorePath.Parse("ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat");
        var reference = StorePath.Parse("z45ailnkm27lnvhimqkhy08f6sh5m17d-hello.txt");

        Assert.False(ca.TryMakeStorePath(Store, "fod-flat", [reference], hasSelfReference: false, out _, out var error));
        Assert.Contains("cannot have references", error, StringComparison.Ordinal);
        Assert.False(ca.Reproduces(Store, fodFlat, [reference]));
    }
}
