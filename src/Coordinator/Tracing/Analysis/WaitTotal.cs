using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Time the steps of one system spent waiting for one reason, summed over steps.</summary>
public sealed record WaitTotal(string System, WaitReason Reason, TimeSpan Total, int Steps);
