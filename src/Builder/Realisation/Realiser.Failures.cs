using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Builder.Realisation;

public sealed partial class Realiser
{
    // ENOSPC, as .NET reports it in IOException.HResult on Linux.
    private const int NoSpaceErrno = 28;

    // Signals with which QEMU itself dies when it crashes (an emulated builder's own crash looks the same; both are
    // worth a retry on another node, and a deterministic one fails again there).
    private static readonly HashSet<int> EmulatorCrashSignals = [4, 6, 7, 11];

    /// <summary>The failure an exception during a realisation stands for; null for one that is a bug (it propagates).</summary>
    internal static RealisationFailure? Classify(Exception error) => error switch
    {
        StoreFetchException => new RealisationFailure(FailureKind.InputUnavailable, error.Message),
        DerivationFormatException => new RealisationFailure(FailureKind.InputUnavailable, $"a .drv file does not parse: {error.Message}"),
        HttpRequestException => new RealisationFailure(FailureKind.CacheUnavailable, $"the cache is unreachable: {error.Message}"),
        TaskCanceledException => new RealisationFailure(FailureKind.CacheUnavailable, $"the cache did not answer in time: {error.Message}"),
        NarUnsupportedFileException => new RealisationFailure(FailureKind.InvalidOutput, error.Message),
        NarTooDeepException => new RealisationFailure(FailureKind.InvalidOutput, $"an output cannot be stored: {error.Message}"),
        IOException when IsDiskFull(error) => new RealisationFailure(FailureKind.OutOfDisk, $"out of disk space: {error.Message}"),
        IOException or UnauthorizedAccessException => new RealisationFailure(FailureKind.SandboxFailed, $"the node could not prepare or read the build: {error.Message}"),
        _ => null,
    };

    private static bool IsDiskFull(Exception error) =>
        error.HResult == NoSpaceErrno || error.Message.Contains("No space left on device", StringComparison.Ordinal);

    /// <summary>Why a sandboxed builder failed: the derivation's fault, unless the emulator under it crashed or could not start.</summary>
    internal static RealisationFailure DescribeBuildFailure(SandboxResult run, string drvPath, SandboxSpec spec)
    {
        var kind = run.Termination switch
        {
            SandboxTermination.TimedOut => FailureKind.TimedOut,
            SandboxTermination.Silent => FailureKind.Silent,
            SandboxTermination.ResourceLimit => FailureKind.ResourceLimit,
            _ => FailureKind.BuilderFailed,
        };
        if (spec.Emulator is { } emulator && kind == FailureKind.BuilderFailed)
        {
            if (run.ExitCode == 125)
            {
                return new RealisationFailure(FailureKind.SandboxFailed, $"could not register {emulator.EmulatorPath} in a private binfmt_misc for '{drvPath}'", run.LogTail);
            }

            if (run.Signal is { } signal && EmulatorCrashSignals.Contains(signal))
            {
                return new RealisationFailure(FailureKind.SandboxFailed, $"the emulator {Path.GetFileName(emulator.EmulatorPath)} running '{drvPath}' died with signal {signal}", run.LogTail);
            }
        }

        var reason = (run.Reason ?? "failed").Replace("builder ", string.Empty, StringComparison.Ordinal);
        return new RealisationFailure(
            kind,
            kind switch
            {
                FailureKind.Silent => $"builder for '{drvPath}' was killed: {reason}",
                FailureKind.ResourceLimit => $"builder for '{drvPath}' failed: it {reason}",
                _ => $"builder for '{drvPath}' {reason}",
            },
            run.LogTail);
    }
}
