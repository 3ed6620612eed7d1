using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary><c>asterfarm submit</c> and <c>status</c> against a coordinator process, with derivations made by real <c>nix-instantiate</c>.</summary>
public sealed class SubmitCommandTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly TempDirectory _directory = new("asterfarm-submit");
    private ManagedProcess _coordinator = null!;
    private Uri _url = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        _url = new Uri($"http://127.0.0.1:{ports[1]}/");
        _tokenFile = _directory.Combine("token");
        await File.WriteAllTextAsync(_tokenFile, "submit-test-token\n");
        _coordinator = ManagedProcess.Start(
            "coordinator",
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(ports[0]),
                "--seed", $"akka.tcp://asterfarm@127.0.0.1:{ports[0]}", "--http-host", "127.0.0.1", "--http-port", Port(ports[1]),
            ],
            new Dictionary<string, string>
            {
                ["AsterFarm__Cache__Directory"] = _directory.Combine("cache"),
                ["AsterFarm__Cache__TokenFile"] = _tokenFile,
            });
        await Eventually.Until(
            async () => await ReadyAsync(),
            ready => ready,
            StartTimeout,
            "the coordinator to be ready");
    }

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Submit_uploads_the_closure_and_with_no_wait_prints_the_accepted_run_id()
    {
        var (root, dependency, source) = Instantiate("no-wait");

        var output = AsterfarmCli.Succeed("submit", NixDerivations.Store.Print(root), "--coordinator", _url.ToString(), "--token-file", _tokenFile, "--no-wait").Trim();

        Assert.Matches("^[0-9a-f]{32}$", output);
        foreach (var path in new[] { root, dependency, source })
        {
            using var narInfo = await Http.GetAsync(new Uri(_url, path.HashPart + ".narinfo"));
            Assert.True(narInfo.StatusCode == HttpStatusCode.OK, $"{path} should be in the cache: {narInfo.StatusCode}");
        }

        var status = JsonDocument.Parse(AsterfarmCli.Succeed("status", output, "--coordinator", _url.ToString(), "--json"));
        Assert.Equal("Running", status.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void Submit_reads_nix_eval_jobs_lines_from_stdin_and_answers_json()
    {
        var (root, _, _) = Instantiate("json-lines");
        var line = $"{{\"attr\":\"hello\",\"drvPath\":\"{NixDerivations.Store.Print(root)}\",\"system\":\"x86_64-linux\"}}\n{{\"attr\":\"broken\",\"error\":\"undefined variable\"}}\n";

        var result = AsterfarmCli.Run(
            ["submit", "-", "--coordinator", _url.ToString(), "--token-file", _tokenFile, "--no-wait", "--json"], Encoding.UTF8.GetBytes(line));

        Assert.True(result.ExitCode == 0, result.ToString());
        var answer = JsonDocument.Parse(result.StdoutText).RootElement;
        Assert.True(answer.GetProperty("accepted").GetBoolean());
        Assert.Equal(2, answer.GetProperty("derivations").GetInt32());
        Assert.Contains("skipping broken", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_without_the_token_fails_with_one_line()
    {
        var (root, _, _) = Instantiate("no-token");

        var error = AsterfarmCli.Fail("submit", NixDerivations.Store.Print(root), "--coordinator", _url.ToString(), "--no-wait");

        Assert.Contains("refused", error, StringComparison.Ordinal);
    }

    /// <summary>A two-derivation chain whose leaf has an input source, instantiated by real Nix; unique per call.</summary>
    private (StorePath Root, StorePath Dependency, StorePath Source) Instantiate(string label)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = _directory.Combine(unique);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "build.sh"), $"echo {unique} > $out\n");
        File.WriteAllText(Path.Combine(dir, "default.nix"), $$"""
            let leaf = derivation { name = "leaf-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ ./build.sh ]; };
            in derivation { name = "root-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "cat ${leaf} > $out" ]; }
            """);
        var root = NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
        var references = NixTool.Run("nix-store", ["--query", "--requisites", NixDerivations.Store.Print(root)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NixDerivations.Store.Parse).ToList();
        return (root, references.Single(p => p.IsDerivation && p != root), references.Single(p => !p.IsDerivation));
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(_url, "healthz/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
