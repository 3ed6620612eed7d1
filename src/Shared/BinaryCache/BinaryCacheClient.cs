using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Talks Nix's binary cache protocol to an AsterFarm cache (or any Nix HTTP cache): narinfos, verified NAR downloads
/// (straight into a directory for builders), compressed NAR uploads, narinfo uploads, missing-paths queries and build
/// logs. Missing paths and refused uploads are result values; transport failures and unexpected statuses throw
/// <see cref="HttpRequestException"/>. Given several URLs (replicas of one replicated cache), a request that cannot
/// reach one goes to the next (<see cref="CacheFailoverPolicy"/>); a store path's NAR and narinfo always go to the same one.
/// </summary>
public sealed class BinaryCacheClient
{
    // Uncompressed NARs up to this size are compressed into memory instead of a temp file before the PUT.
    private const long InMemoryNarBytes = 1 << 20;

    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly StoreDir _storeDir;
    private readonly CacheFailover _failover;

    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is the cache root (ending in '/').</param>
    /// <param name="token">Sent as <c>Authorization: Bearer</c> on every request, if given.</param>
    /// <param name="storeDir">The store directory of the paths (default <c>/nix/store</c>).</param>
    public BinaryCacheClient(HttpClient http, string? token = null, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _token = string.IsNullOrEmpty(token) ? null : token;
        _storeDir = storeDir ?? StoreDir.Default;
        _failover = new CacheFailover([null], CacheFailoverPolicy.None, TimeProvider.System);
    }

    /// <param name="http">Sends the requests; its <see cref="HttpClient.BaseAddress"/> is not used.</param>
    /// <param name="caches">The cache roots, most preferred first (replicas of one cache: any of them serves any path).</param>
    /// <param name="failover">How often and how patiently the URLs are tried before the cache counts as unreachable.</param>
    /// <param name="token">Sent as <c>Authorization: Bearer</c> on every request, if given.</param>
    /// <param name="storeDir">The store directory of the paths (default <c>/nix/store</c>).</param>
    /// <param name="time">The clock of the backoff (default the system's).</param>
    public BinaryCacheClient(
        HttpClient http, IReadOnlyList<Uri> caches, CacheFailoverPolicy failover, string? token = null, StoreDir? storeDir = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caches);
        _http = http;
        _token = string.IsNullOrEmpty(token) ? null : token;
        _storeDir = storeDir ?? StoreDir.Default;
        _failover = new CacheFailover([.. caches.Select(AsRoot)], failover, time ?? TimeProvider.System);
    }

    /// <summary>The cache URL requests go to first now (null: the HttpClient's base address).</summary>
    public Uri? PreferredCache => _failover.Preferred;

    /// <summary>The narinfo of <paramref name="path"/>, or null if the cache does not have it.</summary>
    /// <exception cref="InvalidDataException">The cache served a narinfo that does not parse.</exception>
    public async Task<NarInfo?> GetNarInfoAsync(StorePath path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path.HashPart + ".narinfo", null, cancellationToken).ConfigureAwait(false);
        if (IsAbsent(response.StatusCode))
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var text = await ReadBoundedAsync(stream, NarInfoParser.MaxLength + 1, cancellationToken).ConfigureAwait(false);
            return NarInfoParser.TryParse(text, _storeDir, out var narInfo, out var error)
                ? narInfo
                : throw new InvalidDataException($"narinfo of {_storeDir.Print(path)} from {_http.BaseAddress}: {error}");
        }
    }

    /// <summary>Downloads the NAR of <paramref name="narInfo"/>, decompressed, into <paramref name="destination"/>, verifying NarHash and NarSize.</summary>
    public Task<NarDownloadResult> DownloadNarAsync(NarInfo narInfo, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return DownloadAsync(
            narInfo,
            async nar =>
            {
                using var hashing = new HashingWriteStream(destination);
                await nar.CopyToAsync(hashing, cancellationToken).ConfigureAwait(false);
                return hashing.GetHashAndSize();
            },
            cancellationToken);
    }

    /// <summary>
    /// Downloads the NAR of <paramref name="narInfo"/> and unpacks it at <paramref name="target"/> (which must not
    /// exist) as it streams; on a mismatch the unpacked tree is removed again.
    /// </summary>
    public async Task<NarDownloadResult> DownloadAndUnpackAsync(NarInfo narInfo, string target, CancellationToken cancellationToken = default)
    {
        var result = await DownloadAsync(narInfo, nar => Task.Run(() => NarUnpacker.Unpack(nar, target), cancellationToken), cancellationToken).ConfigureAwait(false);
        if (result.Status == NarDownloadStatus.Mismatch && Path.Exists(target))
        {
            DeleteTree(target);
        }

        return result;
    }

    /// <summary>
    /// Compresses <paramref name="nar"/> into a temp file while measuring NarHash/NarSize and FileHash/FileSize in one
    /// pass (the URL needs the FileHash before the PUT), then uploads it. The result holds what was measured.
    /// </summary>
    public async Task<CacheWriteResult<StoredNar>> UploadNarAsync(Stream nar, NarCompression compression = NarCompression.Zstd, CancellationToken cancellationToken = default)
    {
        var (file, stored) = await CompressAsync(nar, compression, cancellationToken).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        {
            return await _failover.RunAsync(root => PutNarOnceAsync(root, file, stored, cancellationToken), IsUnavailable, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Uploads a store path: its NAR (compressed once), then the narinfo <paramref name="describe"/> makes from what was
    /// measured, both to the same cache URL. A URL that cannot be reached before the narinfo is acknowledged (a replica
    /// killed mid-upload) gets nothing more: the pair goes again, whole, to the next URL, so a narinfo never depends on a
    /// NAR that only a dead replica holds.
    /// </summary>
    public async Task<CacheWriteResult<NarInfo>> UploadPathAsync(
        Stream nar, Func<StoredNar, NarInfo> describe, NarCompression compression = NarCompression.Zstd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(describe);
        var (file, stored) = await CompressAsync(nar, compression, cancellationToken).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        {
            var narInfo = describe(stored);
            return await _failover.RunAsync(
                async root =>
                {
                    var sent = await PutNarOnceAsync(root, file, stored, cancellationToken).ConfigureAwait(false);
                    return sent.IsStored
                        ? await PutNarInfoOnceAsync(root, narInfo, cancellationToken).ConfigureAwait(false)
                        : CacheWriteResult.Refused<NarInfo>(sent.Refusal);
                },
                IsUnavailable,
                cancellationToken).ConfigureAwait(false);
        }
    }

    // The NAR compressed into memory or a temp file (positioned anywhere), with what was measured.
    private static async Task<(Stream File, StoredNar Stored)> CompressAsync(Stream nar, NarCompression compression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nar);

        // Small NARs (most outputs of small derivations) are compressed in memory; larger ones into a temp file.
        var temp = nar.CanSeek && nar.Length - nar.Position <= InMemoryNarBytes
            ? (Stream)new MemoryStream()
            : CreateTempFile();
        try
        {
            NarHashAndSize narMeasured;
            NarHashAndSize fileMeasured;
            using (var fileHashing = new HashingWriteStream(temp))
            {
                var compressor = compression.OpenCompression(fileHashing);
                await using (compressor.ConfigureAwait(false))
                {
                    using var narHashing = new HashingWriteStream(compressor);
                    await nar.CopyToAsync(narHashing, cancellationToken).ConfigureAwait(false);
                    narMeasured = narHashing.GetHashAndSize();
                }

                fileMeasured = fileHashing.GetHashAndSize();
            }

            return (temp, new StoredNar(new NarFileName(fileMeasured.NarHash, compression), fileMeasured.NarSize, narMeasured.NarHash, narMeasured.NarSize));
        }
        catch
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // One PUT of the compressed file to one URL, from its start (the file stays open for another URL).
    private async Task<CacheWriteResult<StoredNar>> PutNarOnceAsync(Uri? root, Stream file, StoredNar stored, CancellationToken cancellationToken)
    {
        file.Position = 0;
        using var content = new StreamContent(new NonClosingStream(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-nix-nar");
        content.Headers.ContentLength = stored.FileSize;
        return await PutOnceAsync(root, stored.File.Url, content, stored, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CacheWriteResult<NarInfo>> PutNarInfoOnceAsync(Uri? root, NarInfo narInfo, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(NarInfoWriter.PrintUtf8(narInfo, _storeDir));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/x-nix-narinfo");
        return await PutOnceAsync(root, narInfo.StorePath.HashPart + ".narinfo", content, narInfo, cancellationToken).ConfigureAwait(false);
    }

    private static FileStream CreateTempFile() =>
        new(
            Path.Combine(Path.GetTempPath(), "asterfarm-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>Uploads a narinfo (after its NAR). The cache verifies it against the NAR and signs it.</summary>
    public Task<CacheWriteResult<NarInfo>> UploadNarInfoAsync(NarInfo narInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        return _failover.RunAsync(root => PutNarInfoOnceAsync(root, narInfo, cancellationToken), IsUnavailable, cancellationToken);
    }

    /// <summary>Uploads a store path: its NAR (compressed), then a narinfo with the given metadata (see the other overload).</summary>
    public Task<CacheWriteResult<NarInfo>> UploadPathAsync(
        StorePath path,
        Stream nar,
        IEnumerable<StorePath> references,
        StorePath? deriver = null,
        NarCompression compression = NarCompression.Zstd,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        return UploadPathAsync(
            nar,
            stored => new NarInfo
            {
                StorePath = path,
                Url = stored.File.Url,
                Compression = compression.NixName(),
                FileHash = stored.FileHash,
                FileSize = (ulong)stored.FileSize,
                NarHash = stored.NarHash,
                NarSize = (ulong)stored.NarSize,
                References = [.. references],
                Deriver = deriver,
            },
            compression,
            cancellationToken);
    }

    /// <summary>Which of <paramref name="paths"/> the cache lacks (one request, thousands of paths).</summary>
    public async Task<IReadOnlyList<StorePath>> QueryMissingAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var body = new StringBuilder();
        foreach (var path in paths)
        {
            body.Append(_storeDir.Print(path)).Append('\n');
        }

        using var content = new StringContent(body.ToString(), Encoding.UTF8, "text/plain");
        using var response = await SendAsync(HttpMethod.Post, "api/v1/missing", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(_storeDir.Parse)];
    }

    /// <summary>Uploads the build log of a derivation (<c>log/&lt;drv&gt;</c>).</summary>
    public async Task<CacheWriteResult<StorePathLog>> UploadLogAsync(StorePath derivation, Stream log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var content = new StreamContent(log);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        var size = log.CanSeek ? log.Length - log.Position : -1;
        return await PutAsync("log/" + derivation.BaseName, content, new StorePathLog(derivation, size), cancellationToken).ConfigureAwait(false);
    }

    private async Task<NarDownloadResult> DownloadAsync(NarInfo narInfo, Func<Stream, Task<NarHashAndSize>> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        if (!NarCompressionExtensions.TryParseNixName(narInfo.Compression, out var compression))
        {
            return new NarDownloadResult(NarDownloadStatus.Mismatch, null, $"compression '{narInfo.Compression}' is not supported");
        }

        using var response = await SendAsync(HttpMethod.Get, narInfo.Url, null, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (IsAbsent(response.StatusCode))
        {
            return new NarDownloadResult(NarDownloadStatus.NotFound, null, $"{narInfo.Url} is not in the cache");
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        NarHashAndSize received;
        await using (body.ConfigureAwait(false))
        {
            try
            {
                var nar = compression.OpenDecompression(body);
                await using (nar.ConfigureAwait(false))
                {
                    received = await consume(nar).ConfigureAwait(false);
                }
            }
            catch (NarFormatException error)
            {
                return new NarDownloadResult(NarDownloadStatus.Mismatch, null, $"{narInfo.Url} is not a valid NAR: {error.Message}");
            }
        }

        var storePath = _storeDir.Print(narInfo.StorePath);
        if (received.NarHash != narInfo.NarHash || (ulong)received.NarSize != narInfo.NarSize)
        {
            return new NarDownloadResult(
                NarDownloadStatus.Mismatch,
                received,
                string.Create(CultureInfo.InvariantCulture, $"NAR of {storePath} does not match its narinfo: expected {narInfo.NarHash} ({narInfo.NarSize} bytes), got {received.NarHash} ({received.NarSize} bytes)"));
        }

        return new NarDownloadResult(NarDownloadStatus.Verified, received, null);
    }

    private Task<CacheWriteResult<T>> PutAsync<T>(string relativeUrl, HttpContent content, T value, CancellationToken cancellationToken)
        where T : class =>
        _failover.RunAsync(root => PutOnceAsync(root, relativeUrl, content, value, cancellationToken), IsUnavailable, cancellationToken);

    // A 503 (e.g. a replica that could not reach W replicas) is worth trying elsewhere; other refusals are answers.
    private static bool IsUnavailable<T>(CacheWriteResult<T> result)
        where T : class => !result.IsStored && result.Refusal.Kind == CacheRefusalKind.Unavailable;

    private async Task<CacheWriteResult<T>> PutOnceAsync<T>(Uri? root, string relativeUrl, HttpContent content, T value, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendOnceAsync(root, HttpMethod.Put, relativeUrl, content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return CacheWriteResult.Stored(value);
        }

        CacheRefusalKind? kind = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => CacheRefusalKind.Invalid,
            HttpStatusCode.UnprocessableEntity => CacheRefusalKind.Mismatch,
            HttpStatusCode.Conflict => CacheRefusalKind.MissingNar,
            HttpStatusCode.RequestEntityTooLarge => CacheRefusalKind.TooLarge,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CacheRefusalKind.Unauthorized,
            HttpStatusCode.ServiceUnavailable => CacheRefusalKind.Unavailable,
            _ => null,
        };
        if (kind is null)
        {
            response.EnsureSuccessStatusCode();
        }

        var message = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return CacheWriteResult.Refused<T>(kind!.Value, message.Length > 0 ? message : $"{relativeUrl}: HTTP {(int)response.StatusCode}");
    }

    private Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string relativeUrl,
        HttpContent? content,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        _failover.RunAsync(
            root => SendOnceAsync(root, method, relativeUrl, content, cancellationToken, completion),
            response => response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            cancellationToken);

    // The content is the caller's (disposed by it, and sent again to the next URL if this one fails).
    private async Task<HttpResponseMessage> SendOnceAsync(
        Uri? root,
        HttpMethod method,
        string relativeUrl,
        HttpContent? content,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(method, root is null ? new Uri(relativeUrl, UriKind.Relative) : new Uri(root, relativeUrl)) { Content = content };
        try
        {
            if (_token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Content = null;
            request.Dispose();
        }
    }

    private static Uri AsRoot(Uri cache) =>
        cache.AbsoluteUri.EndsWith('/') ? cache : new Uri(cache.AbsoluteUri + "/");

    // As Nix does for binary caches: 401/403 mean "not here" just like 404/410.
    private static bool IsAbsent(HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < maxBytes && (read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // Whatever names (not only UTF-8) and depth the unpacked tree has.
    private static void DeleteTree(string path) => AsterFarm.Shared.FileSystem.FileTree.Delete(path);
}
