using MessagePack;

namespace AsterFarm.Shared.Protocol;

/// <summary>
/// Identifies one dispatch of one derivation to one builder (one attempt). Results and heartbeats
/// name the lease, so a late result of an expired lease is recognised and counted once at most.
/// </summary>
[MessagePackObject]
public readonly record struct LeaseId([property: Key(0)] Guid Value)
{
    public static LeaseId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N");
}
