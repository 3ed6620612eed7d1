namespace AsterFarm.Scheduling.Simulation;

/// <summary>Accumulates the calling thread's CPU time between <see cref="Start"/> and <see cref="Stop"/>, like a stopwatch.</summary>
internal sealed class CpuMeter
{
    private double _startedAt = double.NaN;

    public double TotalSeconds { get; private set; }

    public void Start() => _startedAt = ThreadCpuClock.Seconds();

    public void Stop()
    {
        TotalSeconds += ThreadCpuClock.Seconds() - _startedAt;
        _startedAt = double.NaN;
    }
}
