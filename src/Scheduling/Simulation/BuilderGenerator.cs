namespace AsterFarm.Scheduling.Simulation;

/// <summary>
/// Generates a builders file: a share of x86_64 servers that also build aarch64-linux and riscv64-linux under QEMU
/// (at a fifth of native speed), the rest native x86_64, aarch64 and scarce, slower riscv64 machines.
/// </summary>
public static class BuilderGenerator
{
    public const double EmulatedSpeed = 0.2;

    public static BuildersFile Generate(int count, double emulatedShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var emulated = (int)Math.Round(count * emulatedShare);
        var native = count - emulated;
        var riscv = Math.Max(1, native * 2 / 9);
        var arm = Math.Max(1, native / 3);
        var x86 = Math.Max(0, native - riscv - arm);
        var nodes = new List<BuilderRecord>();
        for (var i = 0; i < emulated; i++)
        {
            nodes.Add(new BuilderRecord($"qemu{i}", 16,
                new Dictionary<string, double> { ["x86_64-linux"] = 1.0 },
                new Dictionary<string, double> { ["aarch64-linux"] = EmulatedSpeed, ["riscv64-linux"] = EmulatedSpeed },
                i % 2 == 0 ? ["big-parallel", "kvm"] : ["kvm"], "x86-qemu"));
        }

        for (var i = 0; i < x86; i++)
        {
            nodes.Add(new BuilderRecord($"x86-{i}", 8, new Dictionary<string, double> { ["x86_64-linux"] = 1.0 }, null,
                i % 3 == 0 ? ["big-parallel", "kvm"] : ["kvm"], "x86"));
        }

        for (var i = 0; i < arm; i++)
        {
            nodes.Add(new BuilderRecord($"arm-{i}", 8, new Dictionary<string, double> { ["aarch64-linux"] = 0.8 }, null,
                i % 3 == 0 ? ["big-parallel"] : [], "aarch64"));
        }

        for (var i = 0; i < riscv; i++)
        {
            nodes.Add(new BuilderRecord($"riscv-{i}", 4, new Dictionary<string, double> { ["riscv64-linux"] = 0.5 }, null,
                i % 2 == 0 ? ["big-parallel"] : [], "riscv64"));
        }

        return new BuildersFile(nodes);
    }
}
