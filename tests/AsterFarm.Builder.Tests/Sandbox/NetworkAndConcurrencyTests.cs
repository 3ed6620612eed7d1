using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox;

[Collection(RealSandboxTests.Name)]
public sealed class NetworkAndConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_build_without_network_sees_only_loopback()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > $out");

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal("lo\n", bed.ReadOutput());
    }

    [Fact]
    public async Task A_fixed_output_build_shares_the_host_network_and_resolver_files()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort > $out; cat /etc/nsswitch.conf >> $out") with
        {
            AllowNetwork = true,
        };

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        var hostInterfaces = File.ReadLines("/proc/net/dev").Skip(2).Select(line => line.Split(':')[0].Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(string.Join('\n', hostInterfaces) + "\nhosts: files dns\nservices: files\n", bed.ReadOutput());
    }

    [Fact]
    public async Task Two_concurrent_builds_do_not_see_each_others_files()
    {
        using var first = new SandboxTestBed();
        using var second = new SandboxTestBed();
        first.AddInput("first-input", new Dictionary<string, byte[]> { ["f"] = "1"u8.ToArray() });
        second.AddInput("second-input", new Dictionary<string, byte[]> { ["f"] = "2"u8.ToArray() });
        // Each build leaves traces everywhere it may write, says so, and waits until the test has seen both
        // running, so they look around while the other one is alive.
        const string Script = """
            mkdir $out; echo mine > $out/trace; echo mine > /tmp/trace-$name; echo mine > /build/trace-$name
            echo started; while [ ! -e /build/go ]; do sleep 0.05; done
            { ls /nix/store; ls /tmp; ls /build; } > $out/seen
            """;
        var firstLog = new RecordingLogSink();
        var secondLog = new RecordingLogSink();
        // The timeout only bounds the builds should the test fail before it lets them go on.
        var firstSpec = first.Shell(Script) with { Environment = WithName(first.Shell(Script).Environment, "first"), Timeout = TimeSpan.FromMinutes(2) };
        var secondSpec = second.Shell(Script) with { Environment = WithName(second.Shell(Script).Environment, "second"), Timeout = TimeSpan.FromMinutes(2) };

        var firstRun = first.RunAsync(firstSpec, firstLog);
        var secondRun = second.RunAsync(secondSpec, secondLog);
        await Task.WhenAll(firstLog.WaitForAsync("started", Patience), secondLog.WaitForAsync("started", Patience));
        await File.WriteAllTextAsync(Path.Combine(first.BuildDirectory, "go"), "");
        await File.WriteAllTextAsync(Path.Combine(second.BuildDirectory, "go"), "");
        var results = await Task.WhenAll(firstRun, secondRun);

        Assert.All(results, result => Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail));
        Assert.Equal(Seen(first, "first"), File.ReadAllText(Path.Combine(first.HostOutPath, "seen")));
        Assert.Equal(Seen(second, "second"), File.ReadAllText(Path.Combine(second.HostOutPath, "seen")));
    }

    private static Dictionary<string, string> WithName(IReadOnlyDictionary<string, string> environment, string name) =>
        new(environment) { ["name"] = name };

    private static string Seen(SandboxTestBed bed, string name)
    {
        var store = Directory.EnumerateDirectories(bed.InputsDirectory).Select(Path.GetFileName).Append(bed.OutBaseName).Order(StringComparer.Ordinal);
        return string.Join('\n', store) + $"\ntrace-{name}\ngo\ntrace-{name}\n";
    }
}
