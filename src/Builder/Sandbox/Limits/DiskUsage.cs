using System.Diagnostics;
using System.Globalization;

namespace AsterFarm.Builder.Sandbox.Limits;

/// <summary>
/// The disk space a running build's directories take, measured by coreutils <c>du</c>: it walks trees of any depth
/// and any names without following symlinks or leaving the file system, and a build may have made the tree hostile.
/// </summary>
internal static class DiskUsage
{
    /// <summary>Bytes allocated under <paramref name="directories"/> together; 0 if they could not be measured.</summary>
    public static async Task<long> MeasureAsync(IReadOnlyList<string> directories)
    {
        var start = new ProcessStartInfo("du") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-s", "-x", "-B1", "--", .. directories])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return 0;
        }

        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        await errors.ConfigureAwait(false);
        // A file vanishing while du reads makes it exit 1 with the rest still counted: the sum is still right.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => long.TryParse(line.Split('\t')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0);
    }
}
