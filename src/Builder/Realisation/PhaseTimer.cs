namespace AsterFarm.Builder.Realisation;

/// <summary>Accumulates the wall-clock time of each phase; the current phase runs until the next one begins.</summary>
internal sealed class PhaseTimer(TimeProvider time)
{
    private readonly TimeSpan[] _spent = new TimeSpan[Enum.GetValues<RealisationPhase>().Length];
    private RealisationPhase? _current;
    private long _since;

    public void Begin(RealisationPhase phase)
    {
        Stop();
        _current = phase;
        _since = time.GetTimestamp();
    }

    public void Stop()
    {
        if (_current is { } running)
        {
            _spent[(int)running] += time.GetElapsedTime(_since);
            _current = null;
        }
    }

    public RealisationTimings Snapshot()
    {
        Stop();
        return new RealisationTimings(
            _spent[(int)RealisationPhase.Fetch],
            _spent[(int)RealisationPhase.Setup],
            _spent[(int)RealisationPhase.Build],
            _spent[(int)RealisationPhase.Scan],
            _spent[(int)RealisationPhase.Upload]);
    }
}
