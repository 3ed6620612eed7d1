using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Node-to-node HTTP: every request carries the shared token and <see cref="ReplicationConstants.LocalOnlyHeader"/>, so
/// the peer answers from its own disk and never forwards. An unreachable or failing peer is an expected outcome:
/// reads answer null, writes a failed <see cref="ReplicaWrite"/>. Bytes stream; nothing is buffered beyond a narinfo.
/// </summary>
public sealed class ReplicaClient : IDisposable
{
    private const int MaxListBytes = 64 << 20;

    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;
    private readonly ILogger<ReplicaClient> _logger;

    public ReplicaClient(AccessToken token, ReplicationOptions options, ILogger<ReplicaClient> logger)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(options);
        _authorization = token.ToAuthorizationHeader();
        _timeout = options.PeerTimeout;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.PeerTimeout, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The peer's narinfo text, or null if it has none or cannot be reached.</summary>
    public async Task<byte[]?> GetNarInfoAsync(CacheMember member, string hashPart, CancellationToken cancellationToken) =>
        await GetBytesAsync(member, hashPart + ".narinfo", Shared.NarInfoFormat.NarInfoParser.MaxLength, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether the peer holds the NAR file (false also when unreachable).</summary>
    public async Task<bool> HasNarAsync(CacheMember member, NarFileName file, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(member, HttpMethod.Head, file.Url, null, bounded: true, cancellationToken).ConfigureAwait(false);
        return response?.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>
    /// Opens a file the peer holds (a NAR, a log, a listing) as a stream of the response body, or null if the peer
    /// lacks it or cannot be reached. Disposing the stream ends the response.
    /// </summary>
    public async Task<PeerStream?> OpenAsync(CacheMember member, string relativeUrl, CancellationToken cancellationToken)
    {
        var response = await SendAsync(member, HttpMethod.Get, relativeUrl, null, bounded: false, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            return null;
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new PeerStream(response, body);
    }

    /// <summary>Uploads a NAR file to the peer (it verifies it as any upload).</summary>
    public async Task<ReplicaWrite> PutNarAsync(CacheMember member, NarFileName file, Stream content, long? length, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content, 128 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue(CacheContentTypes.Nar);
        body.Headers.ContentLength = length;
        return await PutAsync(member, file.Url, body, bounded: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a narinfo to the peer (after its NAR); the peer verifies it against the NAR and signs it.</summary>
    public async Task<ReplicaWrite> PutNarInfoAsync(CacheMember member, string hashPart, byte[] narInfo, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(narInfo);
        body.Headers.ContentType = new MediaTypeHeaderValue(CacheContentTypes.NarInfo);
        return await PutAsync(member, hashPart + ".narinfo", body, bounded: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The peer's digests of the ranges it and <paramref name="self"/> both replicate, or null if unreachable.</summary>
    public async Task<IReadOnlyDictionary<string, RangeDigest>?> GetDigestsAsync(CacheMember member, CacheMember self, CancellationToken cancellationToken)
    {
        var bytes = await GetBytesAsync(member, PeerQuery(ReplicationConstants.DigestsRoute, self), MaxListBytes, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : RangeDigests.Parse(Encoding.ASCII.GetString(bytes));
    }

    /// <summary>The hash parts the peer holds in a range it and <paramref name="self"/> both replicate, or null if unreachable.</summary>
    public async Task<IReadOnlyList<string>?> GetRangeAsync(CacheMember member, string prefix, CacheMember self, CancellationToken cancellationToken)
    {
        var bytes = await GetBytesAsync(member, PeerQuery(ReplicationConstants.RangesRoute + "/" + prefix, self), MaxListBytes, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Lines(bytes);
    }

    /// <summary>Which of <paramref name="hashParts"/> the peer has no narinfo for, or null if unreachable.</summary>
    public async Task<IReadOnlyList<string>?> GetMissingAsync(CacheMember member, IReadOnlyCollection<string> hashParts, CancellationToken cancellationToken)
    {
        using var body = new StringContent(string.Join('\n', hashParts) + "\n", Encoding.ASCII, "text/plain");
        using var response = await SendAsync(member, HttpMethod.Post, ReplicationConstants.MissingRoute.TrimStart('/'), body, bounded: true, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        return Lines(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Dispose() => _http.Dispose();

    private static string PeerQuery(string route, CacheMember self) =>
        route.TrimStart('/') + "?" + ReplicationConstants.PeerParameter + "=" + Uri.EscapeDataString(self.Id);

    private static List<string> Lines(byte[] bytes) =>
        [.. Encoding.ASCII.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task<byte[]?> GetBytesAsync(CacheMember member, string relativeUrl, int maxBytes, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(member, HttpMethod.Get, relativeUrl, null, bounded: true, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReplicaWrite> PutAsync(CacheMember member, string relativeUrl, HttpContent body, bool bounded, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(member, HttpMethod.Put, relativeUrl, body, bounded, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return ReplicaWrite.Failed(member, "unreachable");
        }

        if (response.IsSuccessStatusCode)
        {
            return ReplicaWrite.Durable(member);
        }

        var message = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return ReplicaWrite.Failed(member, $"HTTP {(int)response.StatusCode} {message}");
    }

    // Null when the peer cannot be reached or does not answer in time (bounded requests only: NAR bodies may take long).
    private async Task<HttpResponseMessage?> SendAsync(CacheMember member, HttpMethod method, string relativeUrl, HttpContent? content, bool bounded, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(member.BaseUrl, relativeUrl)) { Content = content };
        request.Headers.Authorization = _authorization;
        request.Headers.Add(ReplicationConstants.LocalOnlyHeader, "1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (bounded)
        {
            timeout.CancelAfter(_timeout);
        }

        try
        {
            return await _http.SendAsync(request, bounded ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            ReplicationLog.PeerUnreachable(_logger, member.Id, method.Method, relativeUrl, error.Message);
            return null;
        }
    }
}
