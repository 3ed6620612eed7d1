namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>One run's step timelines, its DAG's edges and the builders it ran on. Checked on construction.</summary>
public sealed class RunTimeline
{
    private readonly Dictionary<string, StepTimeline> _byDrv;
    private readonly Dictionary<string, List<StepTimeline>> _dependencies;

    public RunTimeline(string run, IReadOnlyList<StepTimeline> steps, IReadOnlyList<DependencyEdge> edges, IReadOnlyList<BuilderCapacity> builders)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(builders);
        Run = run;
        Steps = steps;
        Edges = edges;
        Builders = builders;
        _byDrv = new Dictionary<string, StepTimeline>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!_byDrv.TryAdd(step.DrvPath, step))
            {
                throw new ArgumentException($"Run {run}: step {step.DrvPath} appears twice.", nameof(steps));
            }
        }

        _dependencies = new Dictionary<string, List<StepTimeline>>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            var dependency = Find(edge.Dependency, edge, run);
            var dependent = Find(edge.Dependent, edge, run);
            if (!_dependencies.TryGetValue(dependent.DrvPath, out var list))
            {
                _dependencies[dependent.DrvPath] = list = [];
            }

            list.Add(dependency);
        }

        Start = steps.Count == 0
            ? DateTimeOffset.UnixEpoch
            : steps.Min(s => s.Waits.Select(w => w.Span.Start).Append(s.Queued).Min());
        End = steps.Select(s => s.Finished ?? Start).DefaultIfEmpty(Start).Max();
    }

    public string Run { get; }

    public IReadOnlyList<StepTimeline> Steps { get; }

    public IReadOnlyList<DependencyEdge> Edges { get; }

    public IReadOnlyList<BuilderCapacity> Builders { get; }

    /// <summary>The earliest moment the run records (a step ready or waiting); the epoch of its timeline.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>When the last step finished (the start, if none did).</summary>
    public DateTimeOffset End { get; }

    public TimeSpan Makespan => End - Start;

    public StepTimeline Step(string drvPath) => _byDrv[drvPath];

    /// <summary>The steps <paramref name="step"/> depends on directly.</summary>
    public IReadOnlyList<StepTimeline> DependenciesOf(StepTimeline step) =>
        _dependencies.TryGetValue(step.DrvPath, out var list) ? list : [];

    private StepTimeline Find(string drv, DependencyEdge edge, string run) =>
        _byDrv.TryGetValue(drv, out var step)
            ? step
            : throw new ArgumentException($"Run {run}: edge {edge.Dependency} -> {edge.Dependent} names {drv}, which is not a step of the run.", nameof(edge));
}
