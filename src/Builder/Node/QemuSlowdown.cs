using System.Diagnostics;
using System.Globalization;
using AsterFarm.Builder.Sandbox.Qemu;

namespace AsterFarm.Builder.Node;

/// <summary>
/// Measures how much slower QEMU user-mode emulation runs a CPU-bound program than the host runs the same program
/// compiled natively: the factor a node advertises for its emulated systems (<see cref="BuilderNodeOptions.EmulationSlowdown"/>).
/// The measured factor can be cached in a file so a node measures once, not at every start.
/// </summary>
public static class QemuSlowdown
{
    /// <summary>
    /// Runs <paramref name="nativeProgram"/> and <paramref name="foreignProgram"/> (the same source cross-compiled,
    /// statically linked) with <paramref name="arguments"/>, the latter through <paramref name="emulator"/>, each
    /// <paramref name="repetitions"/> times, and returns the best times and their ratio.
    /// </summary>
    public static async Task<QemuSlowdownMeasurement> MeasureAsync(
        string nativeProgram,
        string foreignProgram,
        QemuEmulator emulator,
        IReadOnlyList<string> arguments,
        int repetitions = 3,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var native = TimeSpan.MaxValue;
        var emulated = TimeSpan.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var n = await TimeAsync(nativeProgram, arguments, cancellationToken).ConfigureAwait(false);
            var e = await TimeAsync(emulator.EmulatorPath, [foreignProgram, .. arguments], cancellationToken).ConfigureAwait(false);
            native = n < native ? n : native;
            emulated = e < emulated ? e : emulated;
        }

        return new QemuSlowdownMeasurement(emulator.System, native, emulated);
    }

    /// <summary>
    /// The factor cached in <paramref name="cacheFile"/> for <paramref name="system"/>, or the one <paramref name="measure"/>
    /// returns (then cached). Cache lines are <c>system factor</c>.
    /// </summary>
    public static async Task<double> LoadOrMeasureAsync(string cacheFile, string system, Func<Task<QemuSlowdownMeasurement>> measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var lines = File.Exists(cacheFile) ? await File.ReadAllLinesAsync(cacheFile).ConfigureAwait(false) : [];
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == system && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var cached))
            {
                return cached;
            }
        }

        var measured = await measure().ConfigureAwait(false);
        await File.AppendAllTextAsync(cacheFile, string.Create(CultureInfo.InvariantCulture, $"{system} {measured.Factor:0.##}\n")).ConfigureAwait(false);
        return measured.Factor;
    }

    private static async Task<TimeSpan> TimeAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        clock.Stop();
        return process.ExitCode == 0
            ? clock.Elapsed
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }
}
