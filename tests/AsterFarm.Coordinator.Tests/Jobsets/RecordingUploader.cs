using System.Collections.Concurrent;
using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>Records which drvs were to be uploaded (the real upload is <c>asterfarm submit</c>'s, tested with it).</summary>
public sealed class RecordingUploader : IClosureUploader
{
    public ConcurrentQueue<IReadOnlyList<StorePath>> Uploads { get; } = new();

    public Task UploadAsync(IReadOnlyList<StorePath> drvs, CancellationToken cancellationToken)
    {
        Uploads.Enqueue(drvs);
        return Task.CompletedTask;
    }
}
