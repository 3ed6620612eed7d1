using System.Globalization;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cache.Hostile;

/// <summary>
/// One <c>asterfarm cache serve</c> process with a write token on a free loopback port, for hostile-client tests: its
/// URL, its memory as the kernel reports it, and its directory. Disposing kills it and removes the directory.
/// </summary>
internal sealed class CacheServeProcess : IAsyncDisposable
{
    public const string Token = "hostile-test-token";

    private readonly TempDirectory _work;
    private readonly ManagedProcess _process;

    private CacheServeProcess(TempDirectory work, ManagedProcess process, int port)
    {
        _work = work;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string Directory => _work.Combine("cache");

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    /// <summary>Starts the server (extra settings as environment variables) and waits until it serves.</summary>
    public static async Task<CacheServeProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var work = new TempDirectory("asterfarm-hostile");
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>
        {
            ["ASTERFARM_TOKEN"] = Token,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ManagedProcess.Start(
            "cache",
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "cache", "serve", "--dir", work.Combine("cache"), "--listen", $"127.0.0.1:{port}"],
            environment);
        var server = new CacheServeProcess(work, process, port);
        try
        {
            await process.WaitForOutputAsync("Serving ", TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's resident set now (<c>VmRSS</c>) and at its peak so far (<c>VmHWM</c>), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        return (Field("VmRSS:"), Field("VmHWM:"));

        long Field(string name) =>
            long.Parse(status.Single(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _work.Dispose();
    }
}
