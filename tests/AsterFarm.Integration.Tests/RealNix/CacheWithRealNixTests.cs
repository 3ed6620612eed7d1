using AsterFarm.Coordinator.Cache;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>
/// Real Nix 2.8 against our cache: <c>nix copy --to http://</c> (token from a netrc file) uploads a freshly built
/// closure, an empty store substitutes it with our key trusted, <c>nix path-info --sigs</c> shows our signature, and
/// a tampered signature makes Nix refuse the path.
/// </summary>
public sealed class CacheWithRealNixTests : IAsyncLifetime, IDisposable
{
    private const string Token = "real-nix-token";
    private readonly TempDirectory _work = new("asterfarm-cache-nix");
    private WebApplication _app = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var tokenFile = _work.Combine("token");
        await File.WriteAllTextAsync(tokenFile, Token);
        var section = CacheOptions.SectionName + ":";
        _app = CacheServer.Build(new Dictionary<string, string?>
        {
            [section + "Directory"] = _work.Combine("cache"),
            [section + "Listen"] = "127.0.0.1:0",
            [section + "TokenFile"] = tokenFile,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _app.StartAsync();
        _url = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Nix_copies_a_built_closure_in_and_an_empty_store_substitutes_it_with_our_signature()
    {
        var top = await BuildClosureAsync();
        var store = _app.Services.GetRequiredService<FileBinaryCacheStore>();
        var publicKey = store.PublicKey.ToKeyFileText();

        await NixClientProcess.RunCheckedAsync("nix", _work.Combine("xdg-copy"), "copy", "--to", _url, "--option", "netrc-file", WriteNetrc(), top);
        var sigs = await NixClientProcess.RunCheckedAsync("nix", _work.Combine("xdg-info"), "path-info", "--store", _url, "--sigs", top);
        await NixClientProcess.RunCheckedAsync(
            "nix-store", _work.Combine("xdg-realise"), "--store", _work.Combine("root"), "--realise", top,
            "--option", "substituters", _url, "--option", "trusted-public-keys", publicKey);

        Assert.Contains(store.PublicKey.Name + ":", sigs, StringComparison.Ordinal);
        Assert.True(Path.Exists(_work.Combine("root") + top), $"{top} was not substituted into the empty store");
        var dependency = Directory.GetFileSystemEntries(_work.Combine("root", "nix", "store"), "*-cache-test-dep-*").Where(p => !p.EndsWith(".drv", StringComparison.Ordinal));
        Assert.Single(dependency);
    }

    [Fact]
    public async Task Nix_refuses_a_narinfo_whose_signature_was_tampered_with()
    {
        var top = await BuildClosureAsync();
        var publicKey = _app.Services.GetRequiredService<FileBinaryCacheStore>().PublicKey;
        await NixClientProcess.RunCheckedAsync("nix", _work.Combine("xdg-copy"), "copy", "--to", _url, "--option", "netrc-file", WriteNetrc(), top);
        var narInfoPath = _work.Combine("cache", Path.GetFileName(top)[..32] + ".narinfo");
        var text = await File.ReadAllTextAsync(narInfoPath);
        var sigStart = text.IndexOf("Sig: " + publicKey.Name + ":", StringComparison.Ordinal) + ("Sig: " + publicKey.Name + ":").Length;
        var tampered = text[..sigStart] + (text[sigStart] == 'A' ? 'B' : 'A') + text[(sigStart + 1)..];
        await File.WriteAllTextAsync(narInfoPath, tampered);

        var (exitCode, _, error) = await NixClientProcess.RunAsync(
            "nix-store", _work.Combine("xdg-realise"), "--store", _work.Combine("root"), "--realise", top,
            "--option", "substituters", _url, "--option", "trusted-public-keys", publicKey.ToKeyFileText());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("is not signed by any of the keys in 'trusted-public-keys'", error, StringComparison.Ordinal);
        Assert.False(Path.Exists(_work.Combine("root") + top));
    }

    private string WriteNetrc()
    {
        var path = _work.Combine("netrc");
        File.WriteAllText(path, $"machine 127.0.0.1 login asterfarm password {Token}\n");
        return path;
    }

    /// <summary>Builds two dependent derivations with unique names (so every run builds fresh) and returns the top output.</summary>
    private async Task<string> BuildClosureAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var nix = _work.Combine("closure.nix");
        await File.WriteAllTextAsync(nix, $$"""
            let
              dep = derivation { name = "cache-test-dep-{{unique}}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo dependency > $out" ]; };
            in derivation { name = "cache-test-top-{{unique}}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo ${dep} > $out" ]; }
            """);
        var output = await NixClientProcess.RunCheckedAsync("nix-build", _work.Combine("xdg-build"), "--option", "sandbox", "false", "--no-out-link", nix);
        return output.Trim();
    }
}
