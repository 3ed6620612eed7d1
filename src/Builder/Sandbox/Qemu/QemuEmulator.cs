namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>
/// A QEMU user-mode emulator that runs builders of a foreign <see cref="System"/>, registered through
/// binfmt_misc privately inside each emulated build's own user namespace (never on the host).
/// </summary>
/// <param name="System">The Nix system it emulates, e.g. <c>riscv64-linux</c>.</param>
/// <param name="EmulatorPath">The host path of the static emulator, e.g. <c>/usr/bin/qemu-riscv64-static</c>.</param>
/// <param name="Format">The ELF magic and mask that select the emulator.</param>
public sealed record QemuEmulator(string System, string EmulatorPath, BinfmtFormat Format)
{
    /// <summary>
    /// Whether the registration carries the <c>P</c> flag, so the emulated program sees the argv[0] it was
    /// exec'd with (QEMU ≥ 6.1 honours it). Default <c>true</c>; without it argv[0] is the program's path.
    /// </summary>
    public bool PreserveArgv0 { get; init; } = true;

    /// <summary>
    /// The line written to binfmt_misc's <c>register</c> file:
    /// <c>:qemu-&lt;arch&gt;:M::&lt;magic&gt;:&lt;mask&gt;:&lt;emulator&gt;:F</c>. The <c>F</c> flag makes the kernel open
    /// the emulator at registration, so it need not be visible inside the sandbox.
    /// </summary>
    public string RegistrationLine
    {
        get
        {
            if (EmulatorPath.Contains(':', StringComparison.Ordinal) || EmulatorPath.Contains('\n', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the emulator path '{EmulatorPath}' cannot be registered (contains ':' or a newline)");
            }

            var flags = PreserveArgv0 ? "FP" : "F";
            return $":{Format.Name}:M::{Escape(Format.Magic)}:{Escape(Format.Mask)}:{EmulatorPath}:{flags}";
        }
    }

    // binfmt_misc decodes \xHH in magic and mask; escaping every byte keeps ':' and NUL out of the line.
    private static string Escape(IReadOnlyList<byte> bytes) =>
        string.Concat(bytes.Select(b => $"\\x{b:x2}"));
}
