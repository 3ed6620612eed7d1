using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox.Qemu;

[Collection(RealSandboxTests.Name)]
public sealed class EmulatedBuildTests(ForeignPrograms programs) : IClassFixture<ForeignPrograms>
{
    public static TheoryData<string, string> Systems => new()
    {
        { "riscv64-linux", "riscv64-linux-gnu" },
        { "aarch64-linux", "aarch64-linux-gnu" },
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task A_foreign_builder_runs_under_qemu_registered_only_inside_its_namespace(string system, string triplet)
    {
        using var bed = new SandboxTestBed();
        var program = AddProgram(bed, "builder", triplet);
        var before = HostBinfmt.Capture();

        var result = await bed.RunAsync(EmulatedSpec(bed, system, program, []));

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal($"{program} on {Machine(system)}\n", bed.ReadOutput());
        Assert.Equal(before, HostBinfmt.Capture());
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task A_foreign_builder_that_execs_a_second_foreign_binary_runs_both_under_qemu(string system, string triplet)
    {
        using var bed = new SandboxTestBed();
        var first = AddProgram(bed, "first", triplet);
        var second = AddProgram(bed, "second", triplet);
        var before = HostBinfmt.Capture();

        var result = await bed.RunAsync(EmulatedSpec(bed, system, first, [second]));

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.Equal($"{first} on {Machine(system)}\n{second} on {Machine(system)}\n", bed.ReadOutput());
        Assert.Equal($"{first} wrote $out\n{second} wrote $out\n", result.LogTail);
        Assert.Equal(before, HostBinfmt.Capture());
    }

    [Fact]
    public async Task A_foreign_builder_without_an_emulator_cannot_run()
    {
        using var bed = new SandboxTestBed();
        var program = AddProgram(bed, "builder", "riscv64-linux-gnu");
        bed.Options.ImpureHostPaths = [];

        var result = await bed.RunAsync(bed.Spec(program, []));

        Assert.Equal(SandboxTermination.Exited, result.Termination);
        Assert.NotEqual(0, result.ExitCode);
        // The kernel refuses the foreign ELF (ENOEXEC); bubblewrap's execvp then tries /bin/sh, which is absent.
        Assert.StartsWith($"bwrap: execvp {program}: ", result.LogTail, StringComparison.Ordinal);
        Assert.False(File.Exists(bed.HostOutPath));
    }

    private static string Machine(string system) => system.Split('-')[0];

    private static SandboxSpec EmulatedSpec(SandboxTestBed bed, string system, string builder, IReadOnlyList<string> arguments)
    {
        var emulator = QemuDiscovery.Discover().SingleOrDefault(e => e.System == system)
            ?? throw new InvalidOperationException($"no emulator for {system} on PATH; {RequiredTool.InstallHint}");
        // Nothing of the host is visible: the emulator must come from the F-flag registration.
        bed.Options.ImpureHostPaths = [];
        return bed.Spec(builder, arguments) with { Emulator = emulator };
    }

    private string AddProgram(SandboxTestBed bed, string name, string triplet)
    {
        var input = bed.AddInput(name, new Dictionary<string, byte[]> { ["bin/prog"] = programs.For(triplet) });
        return $"/nix/store/{Path.GetFileName(input)}/bin/prog";
    }
}
