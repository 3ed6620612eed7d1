using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>Runs one dispatched build to its end: fetch, sandbox, outputs, upload. The node actor calls it once per lease.</summary>
public interface IBuildExecutor
{
    /// <summary>
    /// Realises <paramref name="dispatch"/>'s derivation. Expected failures are a <see cref="BuildOutcome"/> with a
    /// <see cref="BuildFailure"/>; cancelling (the scheduler's <see cref="CancelBuild"/>, the node stopping) ends
    /// the build's process tree and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<BuildOutcome> ExecuteAsync(DispatchBuild dispatch, CancellationToken cancellationToken);
}
