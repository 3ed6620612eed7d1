namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>The outcome of writing to one replica: durable there, or why not (unreachable, refused, timed out).</summary>
public sealed record ReplicaWrite(CacheMember Member, bool IsDurable, string Detail)
{
    public static ReplicaWrite Durable(CacheMember member) => new(member, true, "stored");

    public static ReplicaWrite Failed(CacheMember member, string detail) => new(member, false, detail);

    public override string ToString() => $"{Member}: {Detail}";
}
