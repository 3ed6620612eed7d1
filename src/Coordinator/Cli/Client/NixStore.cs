using System.Diagnostics;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>Asks the local Nix (a prerequisite of <c>asterfarm submit</c>) about store paths.</summary>
internal static class NixStore
{
    /// <summary>The closure of <paramref name="paths"/> (<c>nix-store --query --requisites</c>).</summary>
    public static Task<IReadOnlyList<StorePath>> RequisitesAsync(StoreDir storeDir, IEnumerable<StorePath> paths, CancellationToken cancellationToken) =>
        QueryAsync(storeDir, "--requisites", paths, cancellationToken);

    /// <summary>The references of one path (<c>nix-store --query --references</c>).</summary>
    public static Task<IReadOnlyList<StorePath>> ReferencesAsync(StoreDir storeDir, StorePath path, CancellationToken cancellationToken) =>
        QueryAsync(storeDir, "--references", [path], cancellationToken);

    private static async Task<IReadOnlyList<StorePath>> QueryAsync(StoreDir storeDir, string query, IEnumerable<StorePath> paths, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("nix-store") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--query");
        start.ArgumentList.Add(query);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(storeDir.Print(path));
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("nix-store did not start");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("nix-store is not installed: asterfarm submit reads derivations from the local Nix store (apt-get install nix-bin)", error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"nix-store --query {query} failed: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            return [.. (await output.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(storeDir.Parse)];
        }
    }
}
