using System.Net;
using System.Text;
using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary><c>asterfarm submit</c> and <c>status</c> against a coordinator process, with derivations made by real <c>nix-instantiate</c>.</summary>
public sealed class SubmitCommandTests : IAsyncLifetime, IDisposable
{
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
        _coordinator = CoordinatorProcess.Start(
            "coordinator",
            ports[0],
            _url,
            new Dictionary<string, string>
            {
                ["AsterFarm__Cache__Directory"] = _directory.Combine("cache"),
                ["AsterFarm__Cache__TokenFile"] = _tokenFile,
            });
        await CoordinatorProcess.WaitReadyAsync(_url);
    }

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Submit_uploads_the_closure_and_with_no_wait_prints_the_accepted_run_id()
    {
        var (root, dependency, source) = NixChain.Instantiate(_directory, "no-wait");

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
        var (root, _, _) = NixChain.Instantiate(_directory, "json-lines");
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
        var (root, _, _) = NixChain.Instantiate(_directory, "no-token");

        var error = AsterfarmCli.Fail("submit", NixDerivations.Store.Print(root), "--coordinator", _url.ToString(), "--no-wait");

        Assert.Contains("refused", error, StringComparison.Ordinal);
    }
}
