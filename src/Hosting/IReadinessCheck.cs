namespace AsterFarm.Hosting;

/// <summary>
/// A part of a node that must be ready before the node reports ready (beyond being an Up member), e.g. a cache replica
/// that must know its peers before it acknowledges writes. Registered as a service; <c>/healthz/ready</c> asks each.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Why the part is not ready yet, or null when it is.</summary>
    string? NotReadyReason { get; }
}
