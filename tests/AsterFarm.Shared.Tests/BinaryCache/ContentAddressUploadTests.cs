using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;
using AsterFarm.Shared.Tests.Nar;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>A narinfo's CA must agree with its NAR and with its store path, as Nix checks ("ca hash mismatch").</summary>
public sealed class ContentAddressUploadTests : IDisposable
{
    private static readonly byte[] Contents = "fetched source\n"u8.ToArray();
    private readonly CacheStoreFixture _cache = new();

    public void Dispose() => _cache.Dispose();

    public static TheoryData<string> Addresses => new() { "fixed-flat", "fixed-recursive", "text" };

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task A_narinfo_whose_ca_matches_its_nar_and_path_is_stored(string kind)
    {
        var ca = AddressOf(kind, Contents);
        var result = await PutAsync(ca, PathOf(ca));

        Assert.True(result.IsStored, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task A_narinfo_whose_ca_contradicts_its_nar_is_refused_as_a_ca_hash_mismatch(string kind)
    {
        // The path is the one the (false) CA gives: only the NAR shows the lie.
        var ca = AddressOf(kind, "other contents\n"u8.ToArray());
        var result = await PutAsync(ca, PathOf(ca));

        Assert.False(result.IsStored, "a narinfo whose CA contradicts its NAR was stored");
        Assert.Equal(CacheRefusalKind.Mismatch, result.Refusal.Kind);
        Assert.Contains("ca hash mismatch", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_cache.Root, "*.narinfo"));
    }

    [Fact]
    public async Task A_narinfo_whose_ca_does_not_give_its_store_path_is_refused()
    {
        var ca = AddressOf("fixed-flat", Contents);
        var result = await PutAsync(ca, CacheTestData.UniquePath("source"));

        Assert.False(result.IsStored, "a narinfo whose CA does not give its store path was stored");
        Assert.Equal(CacheRefusalKind.Mismatch, result.Refusal.Kind);
        Assert.Contains("does not give the store path", result.Refusal.Message, StringComparison.Ordinal);
    }

    internal static ContentAddress AddressOf(string kind, byte[] contents) => kind switch
    {
        "fixed-flat" => ContentAddress.Fixed(FileIngestionMethod.Flat, NixHash.Sha256(contents)),
        "fixed-recursive" => ContentAddress.Fixed(FileIngestionMethod.Recursive, NixHash.Sha256(TestNar.Build("nix-archive-1", "(", "type", "regular", "contents", contents, ")"))),
        _ => ContentAddress.Text(NixHash.Sha256(contents)),
    };

    internal static StorePath PathOf(ContentAddress ca)
    {
        Assert.True(ca.TryMakeStorePath(StoreDir.Default, "source", [], hasSelfReference: false, out var path, out var error), error);
        return path;
    }

    private async Task<CacheWriteResult<Shared.NarInfoFormat.NarInfo>> PutAsync(ContentAddress ca, StorePath path)
    {
        var nar = await CacheTestData.PutNarAsync(_cache.Store, TestNar.Build("nix-archive-1", "(", "type", "regular", "contents", Contents, ")"));
        return await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar) with { ContentAddress = ca });
    }
}
