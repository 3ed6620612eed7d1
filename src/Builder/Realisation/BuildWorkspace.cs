using System.Text.RegularExpressions;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The directories of one build under the node's work directory: <c>build</c> (seen as <c>/build</c>), <c>store</c>
/// (the store view, where outputs appear), <c>nar</c> (spooled NARs) and the <c>log</c> file. Removed on dispose
/// unless kept for debugging. While it exists its process holds a lock on its <c>.lock</c> file, so
/// <see cref="SweepStale"/> can tell a live build from the leftovers of a killed process.
/// </summary>
internal sealed partial class BuildWorkspace : IDisposable
{
    private const string LockFileName = ".lock";
    private const string KeptFileName = ".kept";

    // A workspace is never younger than this when swept without a lock file: it may be one being created.
    private static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(1);

    private readonly bool _keep;
    private readonly FileStream _lock;

    public BuildWorkspace(string workDirectory, StorePath drvPath, bool keep)
    {
        _keep = keep;
        Root = Path.Combine(Path.GetFullPath(workDirectory), $"{drvPath.HashPart}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        // FileShare.None is an exclusive flock on Linux: released by the kernel when this process dies, however.
        _lock = new FileStream(Path.Combine(Root, LockFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        try
        {
            if (keep)
            {
                File.WriteAllBytes(Path.Combine(Root, KeptFileName), []);
            }

            Directory.CreateDirectory(BuildDirectory);
            Directory.CreateDirectory(StoreDirectory);
            Directory.CreateDirectory(NarDirectory);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; }

    public string BuildDirectory => Path.Combine(Root, "build");

    public string StoreDirectory => Path.Combine(Root, "store");

    public string NarDirectory => Path.Combine(Root, "nar");

    public string LogFile => Path.Combine(Root, "log");

    /// <summary>
    /// Removes every workspace under <paramref name="workDirectory"/> that no live process holds and nobody asked to
    /// keep: what builds of a killed or crashed node left behind. Returns how many were removed.
    /// </summary>
    public static int SweepStale(string workDirectory)
    {
        if (!Directory.Exists(workDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var candidate in Directory.EnumerateDirectories(workDirectory))
        {
            // Only what looks like a workspace: a misconfigured work directory must not lose anything else.
            if (!WorkspaceName().IsMatch(Path.GetFileName(candidate)) || File.Exists(Path.Combine(candidate, KeptFileName)) || IsLive(candidate))
            {
                continue;
            }

            try
            {
                StoreTree.Delete(candidate);
                removed++;
            }
            catch (IOException)
            {
                // Left for the next sweep; one unremovable leftover must not stop the node.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    public void Dispose()
    {
        _lock.Dispose();
        if (!_keep)
        {
            StoreTree.Delete(Root);
        }
    }

    private static bool IsLive(string workspace)
    {
        var lockFile = Path.Combine(workspace, LockFileName);
        if (!File.Exists(lockFile))
        {
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(workspace) < CreationGrace;
        }

        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    [GeneratedRegex("^[0-9a-z]{32}-[0-9a-f]{32}$")]
    private static partial Regex WorkspaceName();
}
