using System.Runtime.InteropServices;

namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>Finds the QEMU user-mode emulators a builder node can offer (<c>qemu-&lt;arch&gt;-static</c> on PATH).</summary>
public static class QemuDiscovery
{
    /// <summary>The emulated systems AsterFarm knows, with their emulator names and binfmt entries.</summary>
    public static IReadOnlyList<(string System, string ProgramName, BinfmtFormat Format, Architecture Architecture)> Known { get; } =
    [
        ("riscv64-linux", "qemu-riscv64-static", BinfmtFormat.Riscv64, Architecture.RiscV64),
        ("aarch64-linux", "qemu-aarch64-static", BinfmtFormat.Aarch64, Architecture.Arm64),
    ];

    /// <summary>
    /// The emulators found in the directories of <paramref name="searchPath"/> (a PATH-style list; default the
    /// process's PATH), skipping the host's own architecture, which runs natively.
    /// </summary>
    public static IReadOnlyList<QemuEmulator> Discover(string? searchPath = null, Architecture? hostArchitecture = null)
    {
        var host = hostArchitecture ?? RuntimeInformation.OSArchitecture;
        var directories = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<QemuEmulator>();
        foreach (var (system, program, format, architecture) in Known)
        {
            if (architecture == host)
            {
                continue;
            }

            var path = directories.Select(dir => Path.Combine(dir, program)).FirstOrDefault(IsExecutableFile);
            if (path is not null)
            {
                found.Add(new QemuEmulator(system, path, format));
            }
        }

        return found;
    }

    private static bool IsExecutableFile(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
