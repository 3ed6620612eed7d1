using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

/// <summary>Members and hash parts for ring tests.</summary>
internal static class RingMembers
{
    public static CacheMember[] Nodes(int count) =>
        [.. Enumerable.Range(1, count).Select(i => CacheMember.FromUrl($"http://10.0.0.{i}:5480"))];

    /// <summary>Deterministic, uniformly spread hash parts (as store paths have).</summary>
    public static string[] HashParts(int count) =>
        [.. Enumerable.Range(0, count).Select(i => NixBase32.Encode(NixHash.Sha256("path " + i).Compress(20)))];
}
