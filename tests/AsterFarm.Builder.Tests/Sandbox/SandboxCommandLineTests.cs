using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;

namespace AsterFarm.Builder.Tests.Sandbox;

public sealed class SandboxCommandLineTests
{
    private static readonly SandboxSpec Spec = new()
    {
        Builder = "/nix/store/aaaa-bash/bin/bash",
        Arguments = ["-e", "builder.sh"],
        Environment = new Dictionary<string, string> { ["out"] = "/nix/store/bbbb-out" },
        BuildDirectory = "/host/build",
        StoreDirectory = "/host/store",
        InputPaths = ["/host/inputs/aaaa-bash/", "/host/inputs/cccc-src.tar"],
    };

    [Fact]
    public void Inputs_are_bound_read_only_under_the_store_by_basename_on_top_of_the_writable_store_directory()
    {
        var arguments = Build(Spec, argv0Supported: false);

        var storeBind = IndexOf(arguments, "--bind", "/host/store", "/nix/store");
        Assert.True(storeBind >= 0);
        Assert.True(IndexOf(arguments, "--ro-bind", "/host/inputs/aaaa-bash/", "/nix/store/aaaa-bash") > storeBind);
        Assert.True(IndexOf(arguments, "--ro-bind", "/host/inputs/cccc-src.tar", "/nix/store/cccc-src.tar") > storeBind);
        Assert.True(IndexOf(arguments, "--bind", "/host/build", "/build") >= 0);
        Assert.Equal(["--", "/nix/store/aaaa-bash/bin/bash", "-e", "builder.sh"], arguments.TakeLast(4));
    }

    [Fact]
    public void Only_a_build_with_network_access_keeps_the_host_network()
    {
        Assert.Contains("--unshare-net", Build(Spec, argv0Supported: false));
        Assert.DoesNotContain("--unshare-net", Build(Spec with { AllowNetwork = true }, argv0Supported: false));
    }

    [Fact]
    public void Argv0_is_the_builders_basename_when_bubblewrap_supports_it()
    {
        Assert.True(IndexOf(Build(Spec, argv0Supported: true), "--argv0", "bash", "--") >= 0);
        Assert.DoesNotContain("--argv0", Build(Spec, argv0Supported: false));
    }

    [Fact]
    public void Only_an_emulated_build_gets_its_own_user_namespace_with_a_binfmt_registration()
    {
        var emulator = new QemuEmulator("riscv64-linux", "/usr/bin/qemu-riscv64-static", BinfmtFormat.Riscv64);

        var emulated = Build(Spec with { Emulator = emulator }, argv0Supported: false);

        Assert.Contains(emulator.RegistrationLine, emulated);
        Assert.True(emulated.IndexOf("/usr/bin/unshare") < emulated.IndexOf("/usr/bin/bwrap"));
        Assert.DoesNotContain("/usr/bin/unshare", Build(Spec, argv0Supported: false));
    }

    private static List<string> Build(SandboxSpec spec, bool argv0Supported)
    {
        using var etc = new SandboxEtcFiles();
        return [.. SandboxCommandLine.Build(new SandboxOptions(), spec, etc, argv0Supported).Arguments];
    }

    private static int IndexOf(List<string> arguments, params string[] sequence) =>
        Enumerable.Range(0, arguments.Count - sequence.Length + 1)
            .FirstOrDefault(i => arguments.Skip(i).Take(sequence.Length).SequenceEqual(sequence), -1);
}
