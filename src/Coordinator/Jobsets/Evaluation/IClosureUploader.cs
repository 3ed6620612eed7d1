using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>Puts what the cache lacks of the jobs' <c>.drv</c> closures into the farm's cache, as <c>asterfarm submit</c> does.</summary>
public interface IClosureUploader
{
    Task UploadAsync(IReadOnlyList<StorePath> drvs, CancellationToken cancellationToken);
}
