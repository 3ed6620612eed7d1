using System.Globalization;

namespace AsterFarm.Builder.Sandbox.Limits;

/// <summary>The resource limits of every build on this node, resolved from <see cref="SandboxOptions"/>.</summary>
/// <param name="MaxProcesses">Processes and threads of one build.</param>
/// <param name="MaxMemoryBytes">Memory of one build (its tmpfs pages included).</param>
/// <param name="CpuWeight">CPU weight against the node's other work (cgroup v2 scale, 1–10000, 100 is even).</param>
/// <param name="MaxDiskBytes">Disk used by the build directory and outputs together; null for no bound.</param>
internal sealed record SandboxLimits(int MaxProcesses, long MaxMemoryBytes, int CpuWeight, long? MaxDiskBytes)
{
    public static SandboxLimits From(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var memory = options.MaxMemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;
        return new SandboxLimits(options.MaxProcesses, memory, Math.Clamp(options.CpuWeight, 1, 10_000), options.MaxDiskBytes);
    }

    public static string ProcessReason(int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"exceeded the sandbox's process limit ({limit} processes)");

    public static string MemoryReason(long limit) => $"exceeded the sandbox's memory limit ({Size(limit)})";

    public static string DiskReason(long limit) => $"exceeded the sandbox's disk limit ({Size(limit)} for the build directory and outputs)";

    private static string Size(long bytes) =>
        bytes % (1L << 30) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB")
        : bytes % (1L << 20) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
