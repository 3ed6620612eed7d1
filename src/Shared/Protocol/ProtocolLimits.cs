namespace AsterFarm.Shared.Protocol;

/// <summary>
/// Bounds that keep every message far below Akka remoting's 128 kB frame: producers split or trim
/// to these sizes, and the serializer refuses anything larger than <see cref="MaxMessageBytes"/>.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>The largest serialized message; a safety margin below the 128 000-byte default frame.</summary>
    public const int MaxMessageBytes = 96 * 1024;

    /// <summary>UTF-8 bytes of a failed build's log tail (<see cref="Builds.LogTail"/> trims to this).</summary>
    public const int MaxLogTailBytes = 4 * 1024;

    /// <summary>Store paths in one list (roots of a submission, builds in a status report).</summary>
    public const int MaxPathsPerMessage = 256;
}
