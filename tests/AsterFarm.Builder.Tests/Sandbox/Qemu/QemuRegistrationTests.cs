using System.Runtime.InteropServices;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox.Qemu;

public sealed class QemuRegistrationTests
{
    [Fact]
    public void The_riscv64_registration_uses_qemus_standard_magic_and_mask_with_the_fix_binary_flag()
    {
        var emulator = new QemuEmulator("riscv64-linux", "/usr/bin/qemu-riscv64-static", BinfmtFormat.Riscv64) { PreserveArgv0 = false };

        Assert.Equal(
            @":qemu-riscv64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00:" +
            @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-riscv64-static:F",
            emulator.RegistrationLine);
    }

    [Fact]
    public void The_aarch64_registration_preserves_argv0_by_default()
    {
        var emulator = new QemuEmulator("aarch64-linux", "/usr/bin/qemu-aarch64-static", BinfmtFormat.Aarch64);

        Assert.Equal(
            @":qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:" +
            @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:FP",
            emulator.RegistrationLine);
    }

    [Fact]
    public void An_emulator_path_with_a_colon_cannot_be_registered()
    {
        var emulator = new QemuEmulator("riscv64-linux", "/opt/a:b/qemu-riscv64-static", BinfmtFormat.Riscv64);

        Assert.Throws<InvalidOperationException>(() => emulator.RegistrationLine);
    }

    [Fact]
    public void Each_format_matches_only_its_own_architectures_elf_files()
    {
        var riscv = new byte[] { 0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xf3, 0 };
        var riscvSharedObject = riscv.ToArray();
        riscvSharedObject[16] = 3;
        var hostElf = File.ReadAllBytes("/bin/sh").AsSpan(0, 20).ToArray();

        Assert.True(BinfmtFormat.Riscv64.Matches(riscv));
        Assert.True(BinfmtFormat.Riscv64.Matches(riscvSharedObject));
        Assert.False(BinfmtFormat.Aarch64.Matches(riscv));
        Assert.False(BinfmtFormat.Riscv64.Matches(hostElf));
        Assert.False(BinfmtFormat.Riscv64.Matches(riscv.AsSpan(0, 10)));
    }

    [Fact]
    public void Discovery_finds_emulators_on_the_path_and_skips_the_host_architecture()
    {
        using var directory = new TempDirectory();
        foreach (var name in new[] { "qemu-riscv64-static", "qemu-aarch64-static" })
        {
            File.WriteAllText(directory.Combine(name), "");
            File.SetUnixFileMode(directory.Combine(name), (UnixFileMode)0b111_101_101);
        }

        var onX64 = QemuDiscovery.Discover($"/nonexistent:{directory.Path}", Architecture.X64);
        var onArm64 = QemuDiscovery.Discover(directory.Path, Architecture.Arm64);

        Assert.Equal(
            [("riscv64-linux", directory.Combine("qemu-riscv64-static"), BinfmtFormat.Riscv64), ("aarch64-linux", directory.Combine("qemu-aarch64-static"), BinfmtFormat.Aarch64)],
            onX64.Select(e => (e.System, e.EmulatorPath, e.Format)));
        Assert.Equal(["riscv64-linux"], onArm64.Select(e => e.System));
    }

    [Fact]
    public void Discovery_ignores_files_that_are_not_executable()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("qemu-riscv64-static"), "");
        File.SetUnixFileMode(directory.Combine("qemu-riscv64-static"), (UnixFileMode)0b110_100_100);

        Assert.Empty(QemuDiscovery.Discover(directory.Path, Architecture.X64));
    }

    [Fact]
    public void This_machine_offers_riscv64_and_aarch64_emulation()
    {
        var systems = QemuDiscovery.Discover().Select(e => e.System).ToList();

        Assert.True(
            systems.Contains("riscv64-linux") && systems.Contains("aarch64-linux"),
            $"expected qemu-riscv64-static and qemu-aarch64-static on PATH, found [{string.Join(", ", systems)}]; {RequiredTool.InstallHint}");
    }
}
