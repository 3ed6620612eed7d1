using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Comparison;

/// <summary>Time one system's steps waited for one reason in each of two runs.</summary>
public sealed record WaitChange(string System, WaitReason Reason, TimeSpan Before, TimeSpan After);
