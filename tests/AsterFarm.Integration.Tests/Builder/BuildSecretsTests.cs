using System.Text;
using AsterFarm.Builder.Realisation;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Integration.Tests.Builder;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BuilderProcessEnvironment
{
    public const string Name = "builder process environment";
}

/// <summary>
/// A derivation never sees the node's secrets or configuration: a fixed-output build naming the node's variables in
/// <c>impureEnvVars</c> gets empty values, and the write token never appears in a build log, even when the build
/// prints it.
/// </summary>
[Collection(BuilderProcessEnvironment.Name)]
public sealed class BuildSecretsTests
{
    [Fact]
    public async Task A_fixed_output_build_asking_for_the_nodes_token_and_settings_gets_none_of_them()
    {
        await using var bed = await RealiseTestBed.StartAsync();
        var unique = Guid.NewGuid().ToString("N")[..12];
        var settingValue = $"node-setting-{unique}";
        using var token = new ScopedVariable("ASTERFARM_TOKEN", RealiseTestBed.Token);
        using var cacheUrl = new ScopedVariable("AsterFarm__Builder__CacheUrl", bed.CacheUrl);
        using var setting = new ScopedVariable("AsterFarm__Builder__TestSetting", settingValue);
        var content = $"fixed {unique}\n";
        var drvPaths = NixDerivations.Instantiate(
            $$"""
            derivation {
              name = "asks-for-secrets-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh";
              args = [ "-c" "echo \"token=[$ASTERFARM_TOKEN] url=[$AsterFarm__Builder__CacheUrl] setting=[$AsterFarm__Builder__TestSetting]\"; echo \"saw: $(env)\"; printf '{{content.Replace("\n", "\\\\n", StringComparison.Ordinal)}}' > $out" ];
              impureEnvVars = [ "ASTERFARM_TOKEN" "AsterFarm__Builder__CacheUrl" "AsterFarm__Builder__TestSetting" "asterfarm_token" ];
              outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = "{{NixHash.Sha256(Encoding.UTF8.GetBytes(content)).ToBase16()}}";
            }
            """);
        await bed.UploadDerivationClosureAsync(drvPaths);

        var result = await bed.RealiseAsync(drvPaths[0]);

        Assert.True(result.Succeeded, $"the fixed-output build failed: {result.Failure}\n{result.Failure?.LogTail}");
        var log = bed.UploadedLog(drvPaths[0]);
        Assert.Contains("token=[] url=[] setting=[]", log, StringComparison.Ordinal);
        Assert.DoesNotContain(RealiseTestBed.Token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.CacheUrl, log, StringComparison.Ordinal);
        Assert.DoesNotContain(settingValue, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_that_prints_the_token_has_it_redacted_from_its_log_and_failure_report()
    {
        await using var bed = await RealiseTestBed.StartAsync();
        var unique = Guid.NewGuid().ToString("N")[..12];
        // The token is split in the script so only the build's output (not the echoed command) can hold it whole;
        // printed three times, once straddling two writes, so a redaction that works per write is not enough.
        var half = RealiseTestBed.Token.Length / 2;
        var (head, tail) = (RealiseTestBed.Token[..half], RealiseTestBed.Token[half..]);
        var drvPaths = NixDerivations.Instantiate(
            $$"""
            derivation {
              name = "prints-token-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh";
              args = [ "-c" "echo a={{head}}{{tail}}; printf 'b={{head}}'; printf '{{tail}}\\n'; echo c={{head}}{{tail}}={{head}}{{tail}}; exit 3" ];
            }
            """);
        await bed.UploadDerivationClosureAsync(drvPaths);

        var result = await bed.RealiseAsync(drvPaths[0]);

        Assert.Equal(FailureKind.BuilderFailed, result.Failure?.Kind);
        var log = bed.UploadedLog(drvPaths[0]);
        Assert.DoesNotContain(RealiseTestBed.Token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(RealiseTestBed.Token, result.Failure!.LogTail, StringComparison.Ordinal);
        Assert.Contains("a=[redacted]", log, StringComparison.Ordinal);
        Assert.Contains("b=[redacted]", log, StringComparison.Ordinal);
        Assert.Contains("c=[redacted]=[redacted]", log, StringComparison.Ordinal);
    }

    private sealed class ScopedVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public ScopedVariable(string name, string value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}
