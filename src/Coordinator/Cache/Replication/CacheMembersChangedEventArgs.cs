namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>The cache members after a change.</summary>
public sealed class CacheMembersChangedEventArgs(IReadOnlyList<CacheMember> members) : EventArgs
{
    public IReadOnlyList<CacheMember> Members { get; } = members;
}
