namespace AsterFarm.Builder.Tests.Support;

/// <summary>
/// Locates the host tools the sandbox tests need. A missing tool fails the test with the install hint rather
/// than skipping it.
/// </summary>
internal static class RequiredTool
{
    public const string InstallHint =
        "run scripts/install-prerequisites.sh (apt-get install bubblewrap util-linux qemu-user-static " +
        "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-aarch64-linux-gnu libc6-dev-arm64-cross)";

    /// <summary>The absolute path of <paramref name="tool"/> on PATH, or an exception carrying the install hint.</summary>
    public static string Locate(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{tool}' is required by this test but was not found on PATH; {InstallHint}");
    }
}
