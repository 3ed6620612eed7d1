using System.Runtime.InteropServices;

namespace AsterFarm.Coordinator.Up;

/// <summary>Sends POSIX signals (.NET can only kill): a child node must get SIGTERM to leave the cluster gracefully.</summary>
internal static class Signals
{
    private const int SigTerm = 15;

    public static bool Terminate(int pid) => kill(pid, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // The C function's name.
    private static extern int kill(int pid, int signal);
#pragma warning restore SA1300, IDE1006
}
