using System.Net;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>
/// An HTTP handler standing in for cache replicas: each request is answered by <c>answer</c> (or throws, as a dead
/// replica does) and logged as <c>METHOD host/path (body bytes)</c>, in order.
/// </summary>
internal sealed class ScriptedCacheHandler(Func<HttpRequestMessage, byte[], HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<string> _log = [];

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>A replica that refuses connections.</summary>
    public static HttpResponseMessage Unreachable(HttpRequestMessage request) =>
        throw new HttpRequestException($"Connection refused ({request.RequestUri!.Authority})", new IOException("refused"));

    public static HttpResponseMessage Status(HttpStatusCode status, string body = "") => new(status) { Content = new StringContent(body) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (_log)
        {
            _log.Add($"{request.Method} {request.RequestUri!.Host}{request.RequestUri.AbsolutePath} ({body.Length})");
        }

        return answer(request, body);
    }
}
