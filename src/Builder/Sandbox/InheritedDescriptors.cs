using System.Runtime.InteropServices;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Keeps descriptors this process inherited from its own parent out of builders (Nix closes every descriptor but
/// 0–2). .NET opens all its own files close-on-exec, but descriptors inherited at startup (from a test runner, a
/// shell, a supervisor) are not, and neither bubblewrap nor the helper shell closes them.
/// </summary>
internal static partial class InheritedDescriptors
{
    private const uint CloseRangeCloexec = 1u << 2;
    private static int _marked;

    /// <summary>Marks every descriptor from 3 up close-on-exec, once per process (later ones are .NET's, already so).</summary>
    public static void MarkCloseOnExec()
    {
        if (Interlocked.Exchange(ref _marked, 1) == 0 && CloseRange(3, uint.MaxValue, CloseRangeCloexec) != 0)
        {
            Volatile.Write(ref _marked, 0);
            throw new InvalidOperationException($"close_range(CLOSE_RANGE_CLOEXEC) failed with errno {Marshal.GetLastPInvokeError()} (Linux 5.11 or later is required)");
        }
    }

    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    private static partial int CloseRange(uint first, uint last, uint flags);
}
