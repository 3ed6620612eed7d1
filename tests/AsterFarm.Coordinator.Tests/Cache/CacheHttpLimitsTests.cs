using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AsterFarm.Coordinator.Tests.Cache;

/// <summary>The server-wide HTTP limits (AsterFarm:Http) take effect, and each route's own body limit wins over the small default.</summary>
public sealed class CacheHttpLimitsTests
{
    [Fact]
    public async Task A_nar_larger_than_the_default_body_limit_is_stored_through_its_route_limit()
    {
        await using var server = await CacheServerFixture.StartAsync(settings: new Dictionary<string, string?> { ["AsterFarm:Http:MaxRequestBodyBytes"] = "4096" });
        var nar = TestNars.RegularFile(new string('n', 64 << 10) + Guid.NewGuid());

        var upload = await server.Client().UploadPathAsync(TestNars.UniquePath(), new MemoryStream(nar), []);

        Assert.True(upload.IsStored, upload.ToString());
    }

    [Theory]
    [InlineData("PUT", "nix-cache-info", 100_000)]
    [InlineData("PUT", "00000000000000000000000000000000.narinfo", 2_000_000)]
    [InlineData("POST", "api/v1/missing", 40_000_000)]
    public async Task A_declared_body_beyond_a_route_limit_is_refused_with_413_before_it_is_sent(string method, string route, long declared)
    {
        await using var server = await CacheServerFixture.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"{method} /{route} HTTP/1.1\r\nHost: cache\r\nAuthorization: Bearer {CacheServerFixture.Token}\r\nContent-Length: {declared}\r\n\r\n"));

        var answer = await ReadHeadAsync(socket);

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_beyond_max_concurrent_connections_are_closed_and_served_again_once_others_leave()
    {
        await using var server = await CacheServerFixture.StartAsync(settings: new Dictionary<string, string?> { ["AsterFarm:Http:MaxConcurrentConnections"] = "3" });
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(socket);
                await socket.ConnectAsync("127.0.0.1", server.BaseAddress.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /nix-cache-info HTTP/1.1\r\nHost: cache\r\n\r\n"));
                Assert.StartsWith("HTTP/1.1 200", await ReadHeadAsync(socket), StringComparison.Ordinal);
            }

            using var fourth = new HttpClient { BaseAddress = server.BaseAddress };
            await Assert.ThrowsAsync<HttpRequestException>(() => fourth.GetAsync(new Uri("nix-cache-info", UriKind.Relative)));
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }

        using var later = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await RetryUntilAsync(() => later.GetAsync(new Uri("nix-cache-info", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The server frees a closed connection's slot asynchronously: a request right after may still find it taken.
    private static async Task<HttpResponseMessage> RetryUntilAsync(Func<Task<HttpResponseMessage>> request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                return await request();
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                await Task.Yield();
            }
        }
    }

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
