using System.Diagnostics;

namespace AsterFarm.Integration.Tests.Cache;

/// <summary>The <c>asterfarm cache serve</c> process: key on first start, public key printed and written, graceful SIGTERM.</summary>
public sealed class CacheServeCommandTests : IDisposable
{
    private readonly TempDirectory _work = new("asterfarm-cache-serve");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Serve_generates_a_key_prints_the_public_key_serves_and_stops_on_sigterm()
    {
        var dir = _work.Combine("cache");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "cache", "serve", "--dir", dir, "--listen", "127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        try
        {
            var serving = await ReadLineAsync(process, "Serving ");
            var publicKey = (await ReadLineAsync(process, "Public key: "))["Public key: ".Length..];
            var url = serving[(serving.LastIndexOf(' ') + 1)..];
            using var http = new HttpClient();
            var cacheInfo = await http.GetStringAsync(new Uri(url + "/nix-cache-info"));

            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir, "public-key")), publicKey);
            Assert.True(File.Exists(Path.Combine(dir, ".asterfarm", "signing-key")));
            Assert.Contains("StoreDir: /nix/store", cacheInfo, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> ReadLineAsync(Process process, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"asterfarm exited before printing '{prefix}…': {await process.StandardError.ReadToEndAsync()}");
    }
}
