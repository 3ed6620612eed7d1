using MessagePack;

namespace AsterFarm.Shared.Protocol;

/// <summary>A node's stable name (in Kubernetes the pod name, e.g. <c>builder-x86-3</c>), shown to operators and kept in history.</summary>
[MessagePackObject]
public readonly record struct NodeName([property: Key(0)] string Value)
{
    public override string ToString() => Value ?? string.Empty;
}
