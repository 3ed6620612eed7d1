using System.Net.Sockets;
using System.Text;

namespace AsterFarm.Integration.Tests.Cache.Hostile;

/// <summary>Clients that declare large bodies and send them slowly, or never, cost the server little memory each.</summary>
public sealed class SlowClientMemoryTests
{
    private const int Clients = 150;
    private const int Waves = 4;

    [Fact]
    public async Task Many_idle_requests_declaring_large_bodies_keep_the_server_memory_bounded()
    {
        await using var server = await CacheServeProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        await HealthyAsync(http);
        var before = server.Memory();

        // Waves of clients: each declares a missing-paths query just under the size limit (100,000 paths),
        // unauthenticated as reads are, sends a line, another once the server has answered others (so every request is
        // being read), then gives up; the next wave comes while the server still holds what the last one cost.
        for (var wave = 0; wave < Waves; wave++)
        {
            var sockets = new List<Socket>();
            try
            {
                for (var i = 0; i < Clients; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    sockets.Add(socket);
                    await socket.ConnectAsync("127.0.0.1", server.Port);
                    await socket.SendAsync(Encoding.ASCII.GetBytes(
                        $"POST /api/v1/missing HTTP/1.1\r\nHost: cache\r\nContent-Type: text/plain\r\nContent-Length: 29000000\r\n\r\n{Line(i, 0)}"));
                }

                await HealthyAsync(http);
                for (var i = 0; i < sockets.Count; i++)
                {
                    await sockets[i].SendAsync(Encoding.ASCII.GetBytes(Line(i, 1)));
                }

                await HealthyAsync(http);
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }

        var after = server.Memory();
        var grown = after.Peak - before.Rss;
        Assert.True(
            grown < 300L << 20,
            $"{Waves} waves of {Clients} idle 29 MB missing-paths queries grew the server from {before.Rss >> 20} MiB to a peak of {after.Peak >> 20} MiB (RSS now {after.Rss >> 20} MiB); expected under 300 MiB more");
        await HealthyAsync(http);
        Assert.False(server.HasExited, server.Output);
    }

    private static async Task HealthyAsync(HttpClient http) =>
        (await http.GetAsync(new Uri("nix-cache-info", UriKind.Relative))).EnsureSuccessStatusCode();

    private static string Line(int client, int line) => $"/nix/store/{new string((char)('a' + (client % 20)), 31)}{line}-slow-client\n";
}
