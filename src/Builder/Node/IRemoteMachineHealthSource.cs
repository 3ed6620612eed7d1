using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Builder.Node;

/// <summary>An executor that drives remote Nix machines: whether each is up now, for the node's heartbeats.</summary>
public interface IRemoteMachineHealthSource
{
    /// <summary>Each machine's state now (cheap: the node actor calls it on every heartbeat).</summary>
    ValueList<RemoteMachineHealth> RemoteMachineHealth();
}
