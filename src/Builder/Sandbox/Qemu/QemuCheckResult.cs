namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>What the start-up self-check found for one emulator.</summary>
/// <param name="Emulator">The emulator checked.</param>
/// <param name="Failure">Why its probe did not run (the sandbox's reason and log), or null when it ran.</param>
/// <param name="Elapsed">How long the check took.</param>
public sealed record QemuCheckResult(QemuEmulator Emulator, string? Failure, TimeSpan Elapsed)
{
    /// <summary>Whether the emulated system may be offered.</summary>
    public bool Works => Failure is null;
}
