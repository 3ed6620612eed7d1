namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>How one key's replicas change between two rings: members that must receive it, members that no longer need it.</summary>
public sealed record PlacementMove(string HashPart, IReadOnlyList<CacheMember> Gained, IReadOnlyList<CacheMember> Lost);
