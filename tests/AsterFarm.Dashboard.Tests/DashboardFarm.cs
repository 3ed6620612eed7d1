using System.Globalization;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Dashboard.Tests;

/// <summary>
/// A live <c>asterfarm up</c> (coordinator, cache, one builder with QEMU emulation) on free loopback ports, and one
/// headless Chromium; shared by the tests of a class. Always stops both.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes a fixture through IAsyncLifetime.DisposeAsync, which disposes the directory.")]
public sealed class DashboardFarm : IAsyncLifetime
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "asterfarm.dll");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TempDirectory _directory = new("asterfarm-dashboard");
    private ManagedProcess? _up;
    private Browser? _browser;

    public Uri Url { get; private set; } = null!;

    public string TokenFile => Path.Combine(_directory.Path, "state", "token");

    public string Token => File.ReadAllText(TokenFile).Trim();

    internal Browser Browser => _browser ?? throw new InvalidOperationException("the browser did not start");

    /// <summary>What <c>asterfarm up</c> printed as the dashboard's address.</summary>
    public string PrintedDashboardLine { get; private set; } = string.Empty;

    /// <summary>Flags pointing <c>asterfarm</c> commands at this farm.</summary>
    public string[] CliFlags => ["--coordinator", Url.ToString().TrimEnd('/'), "--token-file", TokenFile];

    public string Output => _up?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        Url = new Uri($"http://127.0.0.1:{ports[0]}/");
        _up = ManagedProcess.Start("asterfarm up", "dotnet", [
            Dll, "up", "--state", Path.Combine(_directory.Path, "state"), "--http-port", ports[0].ToString(CultureInfo.InvariantCulture),
            "--port", ports[1].ToString(CultureInfo.InvariantCulture), "--builders", "1", "--slots", "2",
        ], new Dictionary<string, string> { ["AsterFarm__Dashboard__CacheScanInterval"] = "00:00:00" }); // the cache page counts anew each time
        PrintedDashboardLine = await _up.WaitForOutputAsync("dashboard:", TimeSpan.FromMinutes(2));
        await Eventually.Until(
            () => Http.GetStringAsync(new Uri(Url, "api/v1/nodes")),
            nodes => nodes.Contains("\"freeSlots\"", StringComparison.Ordinal),
            TimeSpan.FromMinutes(2),
            "a builder registered with the scheduler");
        _browser = Browser.Start(Path.Combine(AppContext.BaseDirectory, "screenshots"));
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_up is not null)
        {
            _up.Terminate();
            try
            {
                await _up.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                await _up.KillAsync();
            }

            await _up.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>
    /// An x86_64 derivation running <paramref name="script"/> with <c>/bin/sh</c>, instantiated by real Nix; unique per
    /// call. With <paramref name="after"/> (a Nix expression of a set of derivations), it depends on all of them.
    /// </summary>
    public StorePath Instantiate(string label, string script, string? after = null)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = Path.Combine(_directory.Path, unique);
        Directory.CreateDirectory(dir);
        var inputs = after is null ? string.Empty : $"after = builtins.attrValues ({after});";
        File.WriteAllText(Path.Combine(dir, "default.nix"), $$"""
            derivation { name = "{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "{{script}}" ]; {{inputs}} }
            """);
        return NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
    }
}
