namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// How the binary cache replicates across cache nodes, bound from the configuration section <see cref="SectionName"/>
/// and overridable by environment variables such as <c>AsterFarm__Cache__Replication__Replicas=3</c>. Replication is
/// active only when the node has peers (<see cref="CacheOptions.Peers"/> or the Akka cluster).
/// </summary>
public sealed class ReplicationOptions
{
    public const string SectionName = CacheOptions.SectionName + ":Replication";

    /// <summary>R: how many nodes hold each store path (all nodes when fewer are members). Default 3.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>W: how many replicas must hold a narinfo durably before its upload is acknowledged (at most R). Default 2.</summary>
    public int WriteQuorum { get; set; } = 2;

    /// <summary>How often each node compares range digests with its ring peers and copies what they miss. Default 30 s.</summary>
    public TimeSpan AntiEntropyInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Key ranges compared by anti-entropy: hash parts grouped by their first base32 characters, so 32, 1024 or 32768. Default 1024.</summary>
    public int RangeCount { get; set; } = 1024;

    /// <summary>Virtual nodes per member on the hash ring (more: more even placement). Default 64.</summary>
    public int VirtualNodes { get; set; } = 64;

    /// <summary>Longest a node-to-node request may take before the peer counts as unreachable (NAR transfers excepted). Default 10 s.</summary>
    public TimeSpan PeerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many copies (read repair and anti-entropy) run at once. Default 4.</summary>
    public int RepairConcurrency { get; set; } = 4;

    /// <summary>W as used: never more than the replicas a path actually has.</summary>
    public int QuorumFor(int replicaCount) => Math.Clamp(WriteQuorum, 1, Math.Max(1, replicaCount));

    /// <summary>Throws if a setting is out of range (at start, so a bad value fails fast).</summary>
    public void Validate()
    {
        if (Replicas < 1 || WriteQuorum < 1 || WriteQuorum > Replicas)
        {
            throw new InvalidOperationException($"{SectionName}: need 1 ≤ WriteQuorum ({WriteQuorum}) ≤ Replicas ({Replicas})");
        }

        if (VirtualNodes < 1 || RepairConcurrency < 1 || AntiEntropyInterval <= TimeSpan.Zero || PeerTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}: VirtualNodes, RepairConcurrency, AntiEntropyInterval and PeerTimeout must be positive");
        }

        _ = KeyRanges.PrefixLength(RangeCount);
    }
}
