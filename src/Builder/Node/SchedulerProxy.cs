namespace AsterFarm.Builder.Node;

/// <summary>
/// ActorRegistry key of the scheduler singleton's proxy on a builder node
/// (<c>/user/scheduler-proxy</c>, see <see cref="AsterFarm.Hosting.SingletonNames"/>).
/// </summary>
public sealed class SchedulerProxy;
