namespace AsterFarm.Builder.Tracing;

/// <summary>
/// Turns phase announcements into intervals: a phase runs until the next announcement or <see cref="Complete"/>.
/// At most <see cref="MaxPhases"/> are kept (a build that announces more extends its last one), so memory stays bounded.
/// </summary>
public sealed class BuildPhaseRecorder
{
    public const int MaxPhases = 256;

    private readonly List<BuildPhaseInterval> _done = [];
    private (string Name, DateTimeOffset Start)? _current;

    public void Begin(string phase, DateTimeOffset at)
    {
        if (_done.Count + 1 >= MaxPhases && _current is not null)
        {
            return;
        }

        Close(at);
        _current = (phase, at);
    }

    /// <summary>Closes the running phase at <paramref name="at"/> and returns every phase, in order.</summary>
    public IReadOnlyList<BuildPhaseInterval> Complete(DateTimeOffset at)
    {
        Close(at);
        return [.. _done];
    }

    private void Close(DateTimeOffset at)
    {
        if (_current is { } running)
        {
            _done.Add(new BuildPhaseInterval(running.Name, running.Start, at < running.Start ? running.Start : at));
            _current = null;
        }
    }
}
