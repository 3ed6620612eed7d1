using System.Globalization;
using System.Text.Json;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Telemetry;

/// <summary>
/// A throwaway Prometheus server (Debian <c>prometheus</c>) on a free loopback port, scraping the given targets every
/// second, its data in a temp directory. Disposing stops it and deletes the directory. A missing binary fails the
/// test with the install hint.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string InstallHint = "Prometheus is required for this test: run scripts/install-prerequisites.sh (apt-get install prometheus)";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _root;
    private readonly ManagedProcess _server;
    private readonly HttpClient _http;

    private PrometheusServer(TempDirectory root, ManagedProcess server, Uri address)
    {
        _root = root;
        _server = server;
        _http = new HttpClient { BaseAddress = address };
    }

    public static async Task<PrometheusServer> StartAsync(params Uri[] targets)
    {
        var binary = Locate();
        var root = new TempDirectory("asterfarm-prometheus");
        ManagedProcess? server = null;
        try
        {
            var port = FreePorts.Take(1)[0];
            var config = root.Combine("prometheus.yml");
            var list = string.Join(", ", targets.Select(t => $"'{t.Authority}'"));
            await File.WriteAllTextAsync(
                config,
                $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: asterfarm
                    scrape_interval: 1s
                    static_configs:
                      - targets: [{list}]
                """);
            server = ManagedProcess.Start("prometheus", binary,
            [
                "--config.file=" + config,
                "--storage.tsdb.path=" + root.Combine("data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            ]);
            await server.WaitForOutputAsync("Server is ready to receive web requests.", StartTimeout);
            return new PrometheusServer(root, server, new Uri($"http://127.0.0.1:{port}/"));
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            root.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="promQl"/> through the HTTP API until it returns a sample (scrapes are periodic), and
    /// returns the first sample's value as Prometheus prints it.
    /// </summary>
    public async Task<string> QueryUntilPresentAsync(string promQl, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string last = "(no answer)";
        while (!deadline.IsCancellationRequested)
        {
            var body = await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl), CancellationToken.None);
            last = body;
            using var json = JsonDocument.Parse(body);
            var result = json.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() > 0)
            {
                return result[0].GetProperty("value")[1].GetString()!;
            }

            // The next scrape is at most a second away; ask again shortly after it rather than spin.
            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }

        throw new TimeoutException($"Prometheus returned no sample for {promQl} within {timeout}; last answer: {last}; its output:\n{_server.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_server.HasExited)
            {
                _server.Terminate();
                await _server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            await _server.DisposeAsync();
            _root.Dispose();
        }
    }

    private static string Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Where(dir => dir.Length > 0)
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"prometheus not found on PATH; {InstallHint}");
}
