using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Builder.Node;

/// <summary>What the node actor announces and how persistently it registers.</summary>
/// <param name="Node">This node's name.</param>
/// <param name="Capabilities">What it offers (systems, slots, features, cache).</param>
/// <param name="RegistrationRetry">How often <see cref="RegisterBuilder"/> is resent until acknowledged.</param>
/// <param name="ResultsKept">How many of the latest build results are kept and sent again before each registration.</param>
public sealed record BuilderNodeActorSettings(NodeName Node, BuilderCapabilities Capabilities, TimeSpan RegistrationRetry, int ResultsKept = BuilderNodeActorSettings.DefaultResultsKept)
{
    /// <summary>
    /// Default <see cref="ResultsKept"/>: results that can be lost with a dying singleton are those of the builds that
    /// ended around its death, at most a few per slot; 64 covers that with room and keeps each resend small.
    /// </summary>
    public const int DefaultResultsKept = 64;

    /// <summary>Default <see cref="RegistrationRetry"/>: short enough to notice a new singleton quickly, long enough not to flood the proxy's buffer (1000 messages) while no singleton runs.</summary>
    public static readonly TimeSpan DefaultRegistrationRetry = TimeSpan.FromSeconds(2);
}
