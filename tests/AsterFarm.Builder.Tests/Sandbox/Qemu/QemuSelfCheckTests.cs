using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox.Qemu;

[Collection(RealSandboxTests.Name)]
public sealed class QemuSelfCheckTests
{
    [Fact]
    public void Each_probe_program_is_an_elf_file_its_own_binfmt_entry_selects_and_the_other_does_not()
    {
        var riscv = ProbeProgram.For(BinfmtFormat.Riscv64);
        var aarch64 = ProbeProgram.For(BinfmtFormat.Aarch64);

        Assert.True(BinfmtFormat.Riscv64.Matches(riscv));
        Assert.False(BinfmtFormat.Aarch64.Matches(riscv));
        Assert.True(BinfmtFormat.Aarch64.Matches(aarch64));
        Assert.False(BinfmtFormat.Riscv64.Matches(aarch64));
    }

    [Fact]
    public async Task The_installed_emulators_run_their_probes_in_the_sandbox()
    {
        RequiredTool.Locate("qemu-riscv64-static");
        RequiredTool.Locate("qemu-aarch64-static");
        using var work = new TempDirectory("asterfarm-qemu-check");

        var results = await QemuSelfCheck.RunAsync(QemuDiscovery.Discover(), new SandboxOptions(), work.Path);

        Assert.Equal(["aarch64-linux", "riscv64-linux"], results.Select(r => r.Emulator.System).Order(StringComparer.Ordinal));
        Assert.All(results, result => Assert.True(result.Works, result.Failure));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task An_emulator_of_the_wrong_architecture_fails_its_probe_and_says_why()
    {
        var aarch64Emulator = RequiredTool.Locate("qemu-aarch64-static");
        using var work = new TempDirectory("asterfarm-qemu-check");
        var misconfigured = new QemuEmulator("riscv64-linux", aarch64Emulator, BinfmtFormat.Riscv64);

        var result = Assert.Single(await QemuSelfCheck.RunAsync([misconfigured], new SandboxOptions(), work.Path));

        Assert.False(result.Works);
        Assert.StartsWith("the riscv64-linux probe exited with ", result.Failure, StringComparison.Ordinal);
    }
}
