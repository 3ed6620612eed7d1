using AsterFarm.Hosting;

namespace AsterFarm.Coordinator.Cache.Replication.Membership;

/// <summary>
/// <see cref="ICacheMembership"/> fed by <see cref="CacheMembershipActor"/>: the coordinators of the Akka cluster,
/// each known by its address and reached at the cache URL it announced.
/// </summary>
public sealed class AkkaCacheMembership(CacheMember self) : ICacheMembership, IReadinessCheck
{
    private volatile IReadOnlyList<CacheMember> _members = [self];

    public CacheMember Self { get; } = self;

    public IReadOnlyList<CacheMember> Members => _members;

    public bool AcceptsWrites => _state?.SelfUp ?? false;

    public int NodeCount => _state?.NodeCount ?? 1;

    public string? NotReadyReason => AcceptsWrites ? null : "the cache replica has not seen this node Up in the cluster yet";

    private volatile CacheMembershipState? _state;

    public event EventHandler<CacheMembersChangedEventArgs>? Changed;

    /// <summary>Publishes the membership as <paramref name="state"/> has it (raises <see cref="Changed"/> only if the members differ).</summary>
    public void Update(CacheMembershipState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        var members = state.Members;
        if (members.SequenceEqual(_members))
        {
            return;
        }

        _members = members;
        Changed?.Invoke(this, new CacheMembersChangedEventArgs(members));
    }
}
