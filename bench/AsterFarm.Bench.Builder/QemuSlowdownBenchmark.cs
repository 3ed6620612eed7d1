using System.Globalization;
using System.Text.Json;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Sandbox.Qemu;

namespace AsterFarm.Bench.Builder;

/// <summary>The same CPU-bound C program compiled natively and for riscv64/aarch64, run natively and under QEMU.</summary>
internal static class QemuSlowdownBenchmark
{
    private const string Program = """
        #include <stdio.h>
        int main(void) {
          unsigned long long x = 1, sum = 0;
          for (long i = 0; i < 300000000L; i++) { x = x * 6364136223846793005ULL + 1442695040888963407ULL; sum += x >> 33; }
          printf("%llu\n", sum);
          return 0;
        }
        """;

    public static async Task<int> RunAsync()
    {
        var work = Directory.CreateTempSubdirectory("asterfarm-bench-qemu-").FullName;
        try
        {
            var source = Path.Combine(work, "loop.c");
            await File.WriteAllTextAsync(source, Program);
            var native = Path.Combine(work, "native");
            await Shell.RunAsync("gcc", "-static", "-O2", "-o", native, source);
            var results = new List<object>();
            foreach (var emulator in QemuDiscovery.Discover())
            {
                var triplet = emulator.System == "riscv64-linux" ? "riscv64-linux-gnu" : "aarch64-linux-gnu";
                var foreign = Path.Combine(work, triplet);
                await Shell.RunAsync($"{triplet}-gcc", "-static", "-O2", "-o", foreign, source);
                var measured = await QemuSlowdown.MeasureAsync(native, foreign, emulator, [], repetitions: 2);
                results.Add(new
                {
                    system = emulator.System,
                    nativeSeconds = Math.Round(measured.Native.TotalSeconds, 2),
                    emulatedSeconds = Math.Round(measured.Emulated.TotalSeconds, 2),
                    factor = Math.Round(measured.Factor, 2).ToString(CultureInfo.InvariantCulture),
                });
            }

            Console.WriteLine(JsonSerializer.Serialize(new { benchmark = "qemu-slowdown", results }));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
