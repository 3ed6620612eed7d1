using System.Text;

namespace AsterFarm.Testing;

/// <summary>Looks at the host's processes through /proc.</summary>
internal static class ProcessTable
{
    /// <summary>The PIDs of live processes whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> WithCommandLineContaining(string marker) => Matching(marker, "cmdline");

    /// <summary>
    /// The PIDs of live processes whose command line or environment contains <paramref name="marker"/>: a builder's
    /// environment is inherited by every process it starts, whatever their arguments.
    /// </summary>
    public static IReadOnlyList<int> WithCommandLineOrEnvironmentContaining(string marker) => Matching(marker, "cmdline", "environ");

    private static List<int> Matching(string marker, params string[] files)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            if (files.Any(file => Contains(Path.Combine(dir, file), marker)))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static bool Contains(string file, string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            // The process ended while we looked.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
