using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>A slow step against its own history: <see cref="Change"/> 0.4 reads "+40% vs usual".</summary>
public sealed record SlowStep(StepTimeline Step, TimeSpan Execution, TimeSpan? Usual)
{
    /// <summary>(execution − usual) / usual; null without history (or a usual of zero).</summary>
    public double? Change => Usual is { } usual && usual > TimeSpan.Zero ? (Execution - usual) / usual : null;
}
