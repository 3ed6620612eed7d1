namespace AsterFarm.Coordinator.Cache.Replication.Membership;

/// <summary>
/// <see cref="ICacheMembership"/> fed by <see cref="CacheMembershipActor"/>: the coordinators of the Akka cluster,
/// each known by its address and reached at the cache URL it announced.
/// </summary>
public sealed class AkkaCacheMembership(CacheMember self) : ICacheMembership
{
    private volatile IReadOnlyList<CacheMember> _members = [self];

    public CacheMember Self { get; } = self;

    public IReadOnlyList<CacheMember> Members => _members;

    public event EventHandler<CacheMembersChangedEventArgs>? Changed;

    /// <summary>Publishes a new member list (raises <see cref="Changed"/> only if it differs).</summary>
    public void Update(IReadOnlyList<CacheMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.SequenceEqual(_members))
        {
            return;
        }

        _members = members;
        Changed?.Invoke(this, new CacheMembersChangedEventArgs(members));
    }
}
