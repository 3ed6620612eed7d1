using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Integration.Tests.Builder;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Examples;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.RemoteMachines;

/// <summary>
/// A native riscv64 "board" (<see cref="SshNixMachine.StartBoardAsync"/>: Nix 2.8 behind sshd, in a private namespace
/// with its own binfmt_misc registration of qemu-riscv64-static and <c>extra-platforms = riscv64-linux</c>) as the only
/// riscv64 capacity of a farm: the farm builds the sample's riscv64 selftest there through SSH, and the output has the
/// NAR hash the builder's own QEMU emulation gives for the same derivation.
/// </summary>
public sealed class RiscvBoardTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task The_farm_builds_the_sample_riscv64_selftest_on_a_board_with_the_nar_hash_of_the_qemu_builder()
    {
        var emulator = QemuDiscovery.Discover().SingleOrDefault(e => e.System == "riscv64-linux")
            ?? throw new InvalidOperationException("qemu-riscv64-static is not on PATH: run scripts/install-prerequisites.sh (apt-get install qemu-user-static)");
        var selftest = SampleJobset.Instantiate().Single(p => p.Name.ToString().EndsWith("-selftest-riscv64.drv", StringComparison.Ordinal));
        var output = NixDerivations.NixOutputs([selftest]).Single();
        await using var board = await SshNixMachine.StartBoardAsync(emulator);
        await using var farm = LocalFarm.Start("asterfarm-board", maxBuilders: 1);
        var machines = farm.Directory.Combine("machines");
        await File.WriteAllTextAsync(machines, board.MachineLine(systems: "riscv64-linux") + "\n");
        // The gateway builds x86_64 (the cross-compiled userland) itself and has no emulation: riscv64 only on the board.
        farm.StartBuilder("gateway", "--emulated-system", "none", "--machines", machines);
        await farm.WaitUntilUpAsync(builders: 1);

        var submit = AsterfarmCli.Run(["submit", NixDerivations.Store.Print(selftest), .. farm.CliFlags], stdin: null);

        Assert.True(submit.ExitCode == 0, $"asterfarm submit: {submit}\n{submit.StdoutText}");
        var onBoard = Path.Combine(board.StoreRoot, "nix", "store", output.BaseName);
        Assert.True(File.Exists(onBoard), $"the selftest was not built on the board ({onBoard} missing)");
        Assert.Contains("machine        ok    kernel reports riscv64", await File.ReadAllTextAsync(onBoard), StringComparison.Ordinal);
        Assert.Contains("result: PASS (6 of 6 checks passed)", await File.ReadAllTextAsync(onBoard), StringComparison.Ordinal);
        var narInfo = await Http.GetStringAsync(new Uri(farm.Url, output.HashPart + ".narinfo"));

        await using var qemu = await RealiseTestBed.StartAsync();
        await qemu.UploadDerivationClosureAsync([selftest]);
        var emulated = (await qemu.RealiseAllAsync([selftest])).Single(r => r.DrvPath == selftest).Outputs.Single();

        Assert.Equal(output, emulated.Path);
        Assert.Contains($"NarHash: {emulated.NarHash}\n", narInfo, StringComparison.Ordinal);
    }
}
