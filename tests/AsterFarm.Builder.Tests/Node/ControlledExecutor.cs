using System.Collections.Concurrent;
using System.Threading.Channels;
using AsterFarm.Builder.Node;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Tests.Node;

/// <summary>A fake <see cref="IBuildExecutor"/> whose builds end when the test says so.</summary>
internal sealed class ControlledExecutor : IBuildExecutor
{
    private readonly ConcurrentDictionary<LeaseId, TaskCompletionSource<BuildOutcome>> _builds = new();
    private readonly Channel<DispatchBuild> _started = Channel.CreateUnbounded<DispatchBuild>();
    private readonly Channel<LeaseId> _cancelled = Channel.CreateUnbounded<LeaseId>();

    /// <summary>Builds whose executor call throws this instead of waiting.</summary>
    public Exception? ThrowOnStart { get; set; }

    public Task<BuildOutcome> ExecuteAsync(DispatchBuild dispatch, CancellationToken cancellationToken)
    {
        if (ThrowOnStart is { } error)
        {
            throw error;
        }

        var build = _builds.GetOrAdd(dispatch.Lease, _ => new TaskCompletionSource<BuildOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        cancellationToken.Register(() =>
        {
            _cancelled.Writer.TryWrite(dispatch.Lease);
            build.TrySetCanceled(cancellationToken);
        });
        _started.Writer.TryWrite(dispatch);
        return build.Task;
    }

    public async Task<DispatchBuild> NextStartedAsync() =>
        await _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

    public async Task<LeaseId> NextCancelledAsync() =>
        await _cancelled.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

    public int StartedCount => _builds.Count;

    public void Complete(LeaseId lease, BuildOutcome outcome) => _builds[lease].SetResult(outcome);
}
