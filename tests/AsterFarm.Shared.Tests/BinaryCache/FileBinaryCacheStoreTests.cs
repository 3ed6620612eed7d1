using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;

namespace AsterFarm.Shared.Tests.BinaryCache;

public sealed class FileBinaryCacheStoreTests : IDisposable
{
    private readonly CacheStoreFixture _cache = new();

    public void Dispose() => _cache.Dispose();

    [Theory]
    [InlineData(NarCompression.None)]
    [InlineData(NarCompression.Zstd)]
    [InlineData(NarCompression.Xz)]
    public async Task Nar_in_each_compression_is_stored_under_its_file_hash_and_measured(NarCompression compression)
    {
        var nar = CacheTestData.UniqueNar();
        var file = CacheTestData.Compress(nar, compression);
        var name = CacheTestData.NameOf(file, compression);

        var result = await _cache.Store.PutNarAsync(name, new MemoryStream(file));

        Assert.True(result.IsStored, result.ToString());
        Assert.Equal(NixHash.Sha256(nar), result.Value.NarHash);
        Assert.Equal(nar.Length, result.Value.NarSize);
        Assert.Equal(file.Length, result.Value.FileSize);
        Assert.Equal(file, File.ReadAllBytes(_cache.Combine("nar", name.FileName)));
        Assert.Equal(result.Value, await _cache.Store.GetStoredNarAsync(name));
    }

    [Fact]
    public async Task Narinfo_after_its_nar_is_stored_signed_with_the_cache_key_in_nix_layout()
    {
        var path = CacheTestData.UniquePath();
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar));

        Assert.True(result.IsStored, result.ToString());
        var stored = NarInfoParser.Parse(File.ReadAllText(_cache.Combine(path.HashPart + ".narinfo")));
        Assert.Equal(result.Value, stored);
        var trust = new TrustedPublicKeys([_cache.Store.PublicKey]);
        Assert.True(NarInfoTrust.Decide(stored, trust).IsTrusted);
        Assert.Equal(_cache.Store.PublicKey.ToKeyFileText(), File.ReadAllText(_cache.Combine("public-key")));
        Assert.Contains("WantMassQuery: 1", File.ReadAllText(_cache.Combine("nix-cache-info")), StringComparison.Ordinal);
        Assert.Equal(stored, await _cache.Store.GetNarInfoAsync(path.HashPart));
    }

    [Fact]
    public async Task Uploader_signatures_are_kept_beside_the_cache_signature()
    {
        using var uploaderKey = NixSecretKey.Generate("uploader-1");
        var path = CacheTestData.UniquePath();
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var signedByUploader = NarInfoSigner.Sign(CacheTestData.NarInfoFor(path, nar), uploaderKey);

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, signedByUploader);

        Assert.True(result.IsStored, result.ToString());
        Assert.Equal(2, result.Value.Signatures.Count);
        Assert.Contains(signedByUploader.Signatures.Single(), result.Value.Signatures);
    }

    [Fact]
    public async Task Upload_whose_bytes_do_not_match_the_url_file_hash_is_refused_and_nothing_is_stored()
    {
        var file = CacheTestData.Compress(CacheTestData.UniqueNar(), NarCompression.Zstd);
        var wrongName = CacheTestData.NameOf(CacheTestData.Compress(CacheTestData.UniqueNar(), NarCompression.Zstd), NarCompression.Zstd);

        var result = await _cache.Store.PutNarAsync(wrongName, new MemoryStream(file));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Mismatch, result.Refusal.Kind);
        Assert.Contains("FileHash mismatch", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.PathsAndNars());
        Assert.Empty(Directory.EnumerateFiles(_cache.Combine(".asterfarm", "tmp")));
    }

    [Theory]
    [InlineData(NarCompression.None)]
    [InlineData(NarCompression.Zstd)]
    public async Task Truncated_nar_is_refused_and_nothing_is_stored(NarCompression compression)
    {
        var nar = CacheTestData.UniqueNar();
        var file = CacheTestData.Compress(nar[..^16], compression);

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, compression), new MemoryStream(file));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Invalid, result.Refusal.Kind);
        Assert.Contains("not a valid NAR", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public async Task Nar_with_an_entry_named_dotdot_is_refused()
    {
        var file = Nar.TestNar.DirectoryWithFiles("..");

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, NarCompression.None), new MemoryStream(file));

        Assert.False(result.IsStored);
        Assert.Contains("..", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public async Task Corrupt_zstd_data_is_refused_as_invalid()
    {
        var file = CacheTestData.Compress(CacheTestData.UniqueNar(), NarCompression.Zstd);
        file[^3] ^= 0xff;

        var result = await _cache.Store.PutNarAsync(CacheTestData.NameOf(file, NarCompression.Zstd), new MemoryStream(file));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Invalid, result.Refusal.Kind);
    }

    [Fact]
    public async Task Narinfo_with_a_wrong_nar_hash_is_refused_naming_both_hashes_and_nothing_is_stored()
    {
        var path = CacheTestData.UniquePath();
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var wrongHash = NixHash.Sha256("something else");
        var narInfo = CacheTestData.NarInfoFor(path, nar) with { NarHash = wrongHash };

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, narInfo);

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Mismatch, result.Refusal.Kind);
        Assert.Equal(
            $"NarHash mismatch for /nix/store/{path.BaseName}: narinfo says {wrongHash}, received NAR hashes to {nar.NarHash}",
            result.Refusal.Message);
        Assert.False(File.Exists(_cache.Combine(path.HashPart + ".narinfo")));
    }

    [Fact]
    public async Task Narinfo_with_wrong_sizes_is_refused_saying_which_differ()
    {
        var path = CacheTestData.UniquePath();
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var narInfo = CacheTestData.NarInfoFor(path, nar) with { NarSize = 1, FileSize = 2 };

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, narInfo);

        Assert.False(result.IsStored);
        Assert.Contains("NarSize mismatch", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("FileSize mismatch", result.Refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NarHash", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Narinfo_before_its_nar_is_refused()
    {
        var path = CacheTestData.UniquePath();
        var nar = CacheTestData.UniqueNar();
        var file = CacheTestData.Compress(nar, NarCompression.Zstd);
        var notUploaded = new StoredNar(CacheTestData.NameOf(file, NarCompression.Zstd), file.Length, NixHash.Sha256(nar), nar.Length);

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, notUploaded));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.MissingNar, result.Refusal.Kind);
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public async Task Narinfo_under_another_paths_hash_part_is_refused()
    {
        var path = CacheTestData.UniquePath();
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());

        var result = await _cache.Store.PutNarInfoAsync(CacheTestData.UniquePath().HashPart, CacheTestData.NarInfoFor(path, nar));

        Assert.Equal(CacheRefusalKind.Invalid, result.Refusal?.Kind);
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_path_are_idempotent()
    {
        var path = CacheTestData.UniquePath();
        var nar = CacheTestData.UniqueNar();
        var file = CacheTestData.Compress(nar, NarCompression.Zstd);
        var name = CacheTestData.NameOf(file, NarCompression.Zstd);

        var uploads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var stored = await _cache.Store.PutNarAsync(name, new MemoryStream(file));
            Assert.True(stored.IsStored, stored.ToString());
            return await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, stored.Value));
        })));

        Assert.All(uploads, u => Assert.True(u.IsStored, u.ToString()));
        Assert.Single(uploads.Select(u => u.Value!.Print()).Distinct());
        Assert.Equal(new[] { path.HashPart + ".narinfo", "nar/" + name.FileName }.Order(StringComparer.Ordinal), _cache.PathsAndNars()); // PathsAndNars is sorted
        Assert.Empty(Directory.EnumerateFiles(_cache.Combine(".asterfarm", "tmp")));
    }

    [Fact]
    public async Task Files_left_by_a_crash_mid_upload_are_invisible_and_removed_on_start()
    {
        var nar = CacheTestData.Compress(CacheTestData.UniqueNar(), NarCompression.Zstd);
        var name = CacheTestData.NameOf(nar, NarCompression.Zstd);
        File.WriteAllBytes(_cache.Combine(".asterfarm", "tmp", "crashed.tmp"), nar[..10]);
        File.WriteAllText(_cache.Combine(".asterfarm", "nar", name.FileName + ".meta"), "URL: " + name.Url + "\n");

        var store = _cache.Reopen();

        Assert.Empty(Directory.EnumerateFiles(_cache.Combine(".asterfarm", "tmp")));
        Assert.Empty(Directory.EnumerateFiles(_cache.Combine(".asterfarm", "nar")));
        Assert.Null(await store.GetStoredNarAsync(name));
        Assert.Empty(_cache.PathsAndNars());
    }

    [Fact]
    public void Signing_key_is_generated_on_first_start_and_reused_after()
    {
        var first = _cache.Store.PublicKey;

        var second = _cache.Reopen().PublicKey;

        Assert.Equal(first, second);
        Assert.Equal("test-cache-1", first.Name);
        Assert.True(File.Exists(_cache.Combine(".asterfarm", "signing-key")));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(_cache.Combine(".asterfarm", "signing-key")));
    }

    [Fact]
    public async Task Missing_query_answers_thousands_of_paths_in_one_call()
    {
        var present = CacheTestData.UniquePath("present");
        await CacheTestData.PutPathAsync(_cache.Store, present);
        var absent = Enumerable.Range(0, 5000).Select(i => CacheTestData.UniquePath("absent" + i)).ToList();

        var missing = await _cache.Store.QueryMissingAsync([present, .. absent]);

        Assert.Equal(absent, missing);
    }

    [Fact]
    public async Task Build_logs_are_stored_per_derivation_and_read_back()
    {
        var drv = CacheTestData.UniquePath("hello.drv");

        var result = await _cache.Store.PutLogAsync(drv, new MemoryStream("building hello\n"u8.ToArray()));

        Assert.True(result.IsStored, result.ToString());
        Assert.Equal("building hello\n", File.ReadAllText(_cache.Combine("log", drv.BaseName)));
        await using var log = await _cache.Store.OpenLogAsync(drv);
        Assert.NotNull(log);
        var notDrv = await _cache.Store.PutLogAsync(CacheTestData.UniquePath("hello"), new MemoryStream([1]));
        Assert.Equal(CacheRefusalKind.Invalid, notDrv.Refusal?.Kind);
    }

    [Fact]
    public async Task Hash_parts_are_enumerated_for_anti_entropy()
    {
        var paths = new[] { CacheTestData.UniquePath("a"), CacheTestData.UniquePath("b") };
        foreach (var path in paths)
        {
            await CacheTestData.PutPathAsync(_cache.Store, path);
        }

        var hashParts = await _cache.Store.EnumerateHashPartsAsync().ToListAsync();

        Assert.Equal(paths.Select(p => p.HashPart).Order(StringComparer.Ordinal), hashParts.Order(StringComparer.Ordinal));
    }
}
