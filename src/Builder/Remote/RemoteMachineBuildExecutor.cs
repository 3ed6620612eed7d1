using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// The node's executor when it drives remote Nix machines: a build of a system this node builds natively runs here
/// while a local slot is free and goes to a remote machine otherwise; any other system goes to a remote machine first
/// (a native board beats QEMU) and falls back to local emulation. What neither can take is refused, so that the
/// scheduler places it on another node.
/// </summary>
public sealed class RemoteMachineBuildExecutor(
    Realiser realiser, RemoteMachinePool machines, IBuildExecutor local, NodeCapabilities capabilities, int localSlots) : IBuildExecutor, IRemoteMachineHealthSource
{
    private int _localRunning;

    public ValueList<RemoteMachineHealth> RemoteMachineHealth() =>
        ValueList.From(machines.Snapshot().Select(m => new RemoteMachineHealth(m.Machine.StoreUri, m.DownReason is null, m.DownReason, m.Busy)));

    public async Task<BuildOutcome> ExecuteAsync(DispatchBuild dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        var native = capabilities.NativeSystems.Contains(dispatch.System);
        var localPossible = native || capabilities.EmulatedSystems.Contains(dispatch.System) || dispatch.System == NodeCapabilities.BuiltinSystem;
        if (native && Volatile.Read(ref _localRunning) < localSlots || !machines.Builds(dispatch.System))
        {
            return await RunLocallyAsync(dispatch, cancellationToken).ConfigureAwait(false);
        }

        var request = new RealiseRequest
        {
            DrvPath = dispatch.DrvPath,
            Timeout = dispatch.Deadlines.Timeout > TimeSpan.Zero ? dispatch.Deadlines.Timeout : null,
            MaxSilentTime = dispatch.Deadlines.MaxSilentTime > TimeSpan.Zero ? dispatch.Deadlines.MaxSilentTime : null,
        };
        var (result, whyNot) = await realiser.RealiseRemotelyAsync(request, machines, cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            return RealiserBuildExecutor.ToOutcome(result);
        }

        return localPossible
            ? await RunLocallyAsync(dispatch, cancellationToken).ConfigureAwait(false)
            : BuildOutcome.Failed(new BuildFailure(FailureClass.Refused, $"cannot build '{dispatch.DrvPath}' now: {whyNot}"), PhaseTimings.Zero);
    }

    private async Task<BuildOutcome> RunLocallyAsync(DispatchBuild dispatch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _localRunning);
        try
        {
            return await local.ExecuteAsync(dispatch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _localRunning);
        }
    }
}
