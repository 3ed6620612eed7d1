using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;

namespace AsterFarm.Coordinator.Tests.Cache;

public sealed class CacheHttpTests : IAsyncLifetime
{
    private CacheServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await CacheServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Cache_info_advertises_store_dir_mass_query_and_priority()
    {
        var text = await _server.Http.GetStringAsync(new Uri("nix-cache-info", UriKind.Relative));

        Assert.Equal("StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 41\n", text);
    }

    [Fact]
    public async Task A_path_uploaded_by_the_client_is_served_signed_and_downloads_verified()
    {
        var path = TestNars.UniquePath();
        var nar = TestNars.Unique();
        var client = _server.Client();

        var upload = await client.UploadPathAsync(path, new MemoryStream(nar), []);
        var narInfo = await client.GetNarInfoAsync(path);
        using var downloaded = new MemoryStream();
        var download = await client.DownloadNarAsync(narInfo!, downloaded);
        var target = Path.Combine(_server.Directory, "unpacked");
        var unpack = await client.DownloadAndUnpackAsync(narInfo!, target);

        Assert.True(upload.IsStored, upload.ToString());
        Assert.Equal("zstd", narInfo!.Compression);
        Assert.Contains(narInfo.Signatures, s => s.StartsWith(_server.Store.PublicKey.Name + ":", StringComparison.Ordinal));
        Assert.True(download.IsVerified, download.Message);
        Assert.Equal(nar, downloaded.ToArray());
        Assert.True(unpack.IsVerified, unpack.Message);
        Assert.StartsWith("contents ", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task A_nar_whose_bytes_differ_from_its_narinfo_fails_download_verification()
    {
        var path = TestNars.UniquePath();
        var client = _server.Client();
        var upload = await client.UploadPathAsync(path, new MemoryStream(TestNars.Unique()), []);
        Assert.True(upload.IsStored, upload.ToString());
        var other = await client.UploadNarAsync(new MemoryStream(TestNars.Unique()));
        var lying = upload.Value with { Url = other.Value!.File.Url };

        var result = await client.DownloadNarAsync(lying, new MemoryStream());

        Assert.Equal(NarDownloadStatus.Mismatch, result.Status);
    }

    public static TheoryData<string, byte[], HttpStatusCode> HostileNars => new()
    {
        { "truncated", TestNars.Unique()[..^8], HttpStatusCode.BadRequest },
        { "dotdot entry", TestNars.WithDotDotEntry(), HttpStatusCode.BadRequest },
        { "not a NAR", "hello"u8.ToArray(), HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(HostileNars))]
    public async Task Hostile_nar_upload_is_refused_with_a_4xx_and_nothing_is_stored(string what, byte[] nar, HttpStatusCode expected)
    {
        var response = await PutAsync($"nar/{NixHash.Sha256(nar).ToBase32()}.nar", nar);

        Assert.True(expected == response.StatusCode, $"{what}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await AssertNothingStoredAndStillServingAsync();
    }

    [Fact]
    public async Task Narinfo_with_a_wrong_nar_hash_is_refused_with_422_saying_what_differed()
    {
        var client = _server.Client();
        var nar = await client.UploadNarAsync(new MemoryStream(TestNars.Unique()));
        var path = TestNars.UniquePath();
        var wrong = NixHash.Sha256("other");
        var narInfo = new NarInfo
        {
            StorePath = path,
            Url = nar.Value!.File.Url,
            Compression = "zstd",
            NarHash = wrong,
            NarSize = (ulong)nar.Value.NarSize,
        };

        var response = await PutAsync(path.HashPart + ".narinfo", Encoding.UTF8.GetBytes(narInfo.Print()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"NarHash mismatch for /nix/store/{path.BaseName}: narinfo says {wrong}, received NAR hashes to {nar.Value.NarHash}", body, StringComparison.Ordinal);
        Assert.False(File.Exists(_server.CachePath(path.HashPart + ".narinfo")));
    }

    [Fact]
    public async Task A_narinfo_replacing_a_stored_path_with_another_NAR_is_refused_with_409_and_the_same_one_again_with_200()
    {
        var client = _server.Client();
        var path = TestNars.UniquePath();
        var first = await client.UploadNarAsync(new MemoryStream(TestNars.Unique()));
        var forged = await client.UploadNarAsync(new MemoryStream(TestNars.Unique()));
        NarInfo For(StoredNar nar) => new()
        {
            StorePath = path,
            Url = nar.File.Url,
            Compression = "zstd",
            NarHash = nar.NarHash,
            NarSize = (ulong)nar.NarSize,
        };
        var stored = await PutAsync(path.HashPart + ".narinfo", Encoding.UTF8.GetBytes(For(first.Value!).Print()));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var before = File.ReadAllText(_server.CachePath(path.HashPart + ".narinfo"));

        var replaced = await PutAsync(path.HashPart + ".narinfo", Encoding.UTF8.GetBytes(For(forged.Value!).Print()));
        var again = await PutAsync(path.HashPart + ".narinfo", Encoding.UTF8.GetBytes(For(first.Value!).Print()));

        var body = await replaced.Content.ReadAsStringAsync();
        Assert.True(replaced.StatusCode == HttpStatusCode.Conflict, $"{replaced.StatusCode}: {body}");
        Assert.Contains($"/nix/store/{path.BaseName} is already in the cache with other content", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before, File.ReadAllText(_server.CachePath(path.HashPart + ".narinfo")));
    }

    [Fact]
    public async Task Giant_narinfo_is_refused_with_413()
    {
        var response = await PutAsync(TestNars.UniquePath().HashPart + ".narinfo", new byte[(1 << 20) + 10]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingStoredAndStillServingAsync();
    }

    [Theory]
    [InlineData("nar/1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z.nar.bz2")]
    [InlineData("nar/1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z.nar.gz")]
    [InlineData("nar/not-a-hash.nar")]
    [InlineData("nar/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("nar/%2e%2e%2fx.nar")]
    [InlineData("log/..%2Fsigning-key")]
    [InlineData("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.narinfo")]
    public async Task Malformed_or_traversing_upload_names_are_refused_with_400(string url)
    {
        var response = await PutAsync(url, TestNars.Unique());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAndStillServingAsync();
    }

    [Theory]
    [InlineData("nar/../.asterfarm/signing-key")]
    [InlineData("%2e%2e/%2e%2e/etc/passwd")]
    [InlineData(".asterfarm/signing-key")]
    [InlineData("public-key/../.asterfarm/signing-key")]
    [InlineData("nar/..%2F.asterfarm%2Fsigning-key")]
    [InlineData("00000000000000000000000000000000.narinfo")]
    [InlineData("nar/1xga7qa3wjdkhc71mbz9wm36q1nl7z2c95sl9529vindmjnrdn0z.nar.zst")]
    public async Task Reads_outside_the_protocol_or_of_unknown_paths_get_a_4xx_and_never_the_secret_key(string url)
    {
        using var response = await _server.Http.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.DoesNotContain(_server.Store.PublicKey.Name + ":", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic dXNlcjp3cm9uZw==")]
    public async Task Writes_without_the_right_token_are_refused_with_401(string? authorization)
    {
        var nar = TestNars.Unique();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"nar/{NixHash.Sha256(nar).ToBase32()}.nar", UriKind.Relative)) { Content = new ByteArrayContent(nar) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingStoredAndStillServingAsync();
    }

    [Fact]
    public async Task The_token_is_accepted_as_the_basic_auth_password_as_nix_sends_it_from_netrc()
    {
        var nar = TestNars.Unique();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"nar/{NixHash.Sha256(nar).ToBase32()}.nar", UriKind.Relative)) { Content = new ByteArrayContent(nar) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + CacheServerFixture.Token)));

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Nar_downloads_support_range_requests_and_head()
    {
        var nar = TestNars.Unique();
        var stored = await _server.Client().UploadNarAsync(new MemoryStream(nar), NarCompression.None);
        var url = new Uri(stored.Value!.File.Url, UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(8, 20);

        using var partial = await _server.Http.SendAsync(request);
        using var head = await _server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(nar[8..21], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(nar.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Missing_query_answers_thousands_of_paths_in_one_request()
    {
        var client = _server.Client();
        var present = TestNars.UniquePath();
        Assert.True((await client.UploadPathAsync(present, new MemoryStream(TestNars.Unique()), [])).IsStored);
        var absent = Enumerable.Range(0, 3000).Select(i => TestNars.UniquePath("p" + i)).ToList();

        var missing = await client.QueryMissingAsync([present, .. absent]);

        Assert.Equal(absent, missing);
    }

    [Fact]
    public async Task Build_logs_are_stored_and_served_under_log_drv()
    {
        var drv = TestNars.UniquePath("hello.drv");

        var upload = await _server.Client().UploadLogAsync(drv, new MemoryStream("it built\n"u8.ToArray()));
        var served = await _server.Http.GetStringAsync(new Uri("log/" + drv.BaseName, UriKind.Relative));

        Assert.True(upload.IsStored, upload.ToString());
        Assert.Equal("it built\n", served);
    }

    [Fact]
    public async Task Nix_copys_cache_initialisation_is_accepted()
    {
        var response = await PutAsync("nix-cache-info", "StoreDir: /nix/store\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PutAsync(string url, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CacheServerFixture.Token);
        request.Headers.ExpectContinue = true;
        return await _server.Http.SendAsync(request);
    }

    private async Task AssertNothingStoredAndStillServingAsync()
    {
        Assert.Empty(_server.StoredPathsAndNars());
        using var response = await _server.Http.GetAsync(new Uri("nix-cache-info", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
