using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>Why a build failed, as the scheduler is told (<see cref="BuildFailed"/>).</summary>
/// <param name="Class">Whether another attempt (elsewhere) may succeed.</param>
/// <param name="Reason">One line for the run report.</param>
/// <param name="LogTail">The end of the build log (trimmed to the protocol limit when sent).</param>
public sealed record BuildFailure(FailureClass Class, string Reason, string LogTail = "");
