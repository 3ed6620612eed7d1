using AsterFarm.Builder.Node;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Builder.Hosting;

/// <summary>
/// A builder node's start-up check of the emulated systems it is configured to offer (<see cref="QemuSelfCheck"/>):
/// each one that runs is logged and offered; each one that does not is logged with the reason and left out.
/// </summary>
internal static partial class EmulatorSelfCheck
{
    /// <summary>
    /// The emulators of <paramref name="options"/>' emulated systems whose probe ran. Called once while the node's
    /// services are created, before any actor exists, so waiting for the probes here blocks no mailbox.
    /// </summary>
    public static IReadOnlyList<QemuEmulator> Run(BuilderNodeOptions options, SandboxOptions sandbox, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(EmulatorSelfCheck));
        var wanted = options.EmulatedSystems.Where(system => !options.NativeSystems.Contains(system)).ToHashSet(StringComparer.Ordinal);
        var found = QemuDiscovery.Discover().Where(emulator => wanted.Contains(emulator.System)).ToList();
        foreach (var system in wanted.Where(system => found.All(emulator => emulator.System != system)).Order(StringComparer.Ordinal))
        {
            NotFound(logger, system);
        }

        var results = QemuSelfCheck.RunAsync(found, sandbox, options.WorkDirectory).GetAwaiter().GetResult();
        foreach (var result in results)
        {
            if (result.Works)
            {
                Runs(logger, result.Emulator.System, result.Emulator.EmulatorPath, result.Elapsed.TotalMilliseconds);
            }
            else
            {
                Broken(logger, result.Emulator.System, result.Emulator.EmulatorPath, result.Failure!);
            }
        }

        return [.. results.Where(result => result.Works).Select(result => result.Emulator)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "QEMU self-check: {System} runs under {Emulator} ({Milliseconds:0} ms); offered")]
    private static partial void Runs(ILogger logger, string system, string emulator, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QEMU self-check: {System} does not run under {Emulator}, so it is not offered: {Reason}")]
    private static partial void Broken(ILogger logger, string system, string emulator, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QEMU self-check: no emulator for {System} on PATH (install qemu-user-static), so it is not offered")]
    private static partial void NotFound(ILogger logger, string system);
}
