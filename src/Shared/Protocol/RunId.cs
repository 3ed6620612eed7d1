using MessagePack;

namespace AsterFarm.Shared.Protocol;

/// <summary>Identifies one submitted run; the submitter creates it, so a retried submission is recognised.</summary>
[MessagePackObject]
public readonly record struct RunId([property: Key(0)] Guid Value)
{
    public static RunId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N");
}
