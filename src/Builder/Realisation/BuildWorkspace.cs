using AsterFarm.Builder.Store;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The directories of one build under the node's work directory: <c>build</c> (seen as <c>/build</c>), <c>store</c>
/// (the store view, where outputs appear), <c>nar</c> (spooled NARs) and the <c>log</c> file. Removed on dispose
/// unless kept for debugging.
/// </summary>
internal sealed class BuildWorkspace : IDisposable
{
    private readonly bool _keep;

    public BuildWorkspace(string workDirectory, StorePath drvPath, bool keep)
    {
        _keep = keep;
        Root = Path.Combine(Path.GetFullPath(workDirectory), $"{drvPath.HashPart}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(BuildDirectory);
        Directory.CreateDirectory(StoreDirectory);
        Directory.CreateDirectory(NarDirectory);
    }

    public string Root { get; }

    public string BuildDirectory => Path.Combine(Root, "build");

    public string StoreDirectory => Path.Combine(Root, "store");

    public string NarDirectory => Path.Combine(Root, "nar");

    public string LogFile => Path.Combine(Root, "log");

    public void Dispose()
    {
        if (!_keep)
        {
            StoreTree.Delete(Root);
        }
    }
}
