using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Builder.Node;

/// <summary>What the node actor announces and how persistently it registers.</summary>
/// <param name="Node">This node's name.</param>
/// <param name="Capabilities">What it offers (systems, slots, features, cache).</param>
/// <param name="RegistrationRetry">How often <see cref="RegisterBuilder"/> is resent until acknowledged.</param>
public sealed record BuilderNodeActorSettings(NodeName Node, BuilderCapabilities Capabilities, TimeSpan RegistrationRetry)
{
    /// <summary>Default <see cref="RegistrationRetry"/>: short enough to notice a new singleton quickly, long enough not to flood the proxy's buffer (1000 messages) while no singleton runs.</summary>
    public static readonly TimeSpan DefaultRegistrationRetry = TimeSpan.FromSeconds(2);
}
