using Akka.Cluster;
using AsterFarm.Hosting;

namespace AsterFarm.Coordinator.Api;

/// <summary>
/// Which member hosts the scheduler singleton: as for every cluster singleton, the oldest Up (or Leaving) member with
/// the coordinator role. Operators and tests use it to know which node a coordinator failure would move it from.
/// </summary>
internal static class SchedulerHost
{
    public static Member? Of(IEnumerable<Member> members) =>
        members
            .Where(member => member.HasRole(AsterFarmRoles.Coordinator) && member.Status is MemberStatus.Up or MemberStatus.Leaving)
            .OrderBy(member => member, Member.AgeOrdering)
            .FirstOrDefault();
}
