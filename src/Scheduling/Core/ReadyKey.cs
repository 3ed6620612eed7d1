namespace AsterFarm.Scheduling.Core;

/// <summary>Order of a ready queue: longest critical path first, then higher run priority, then arrival (topological index).</summary>
// IComparable rather than a custom comparer: the queues' default comparer is then devirtualised on the hot path.
internal readonly record struct ReadyKey(double CriticalPath, int RunPriority, int Sequence) : IComparable<ReadyKey>
{
    public int CompareTo(ReadyKey other) => Compare(this, other);

    public static int Compare(ReadyKey a, ReadyKey b)
    {
        var byPath = b.CriticalPath.CompareTo(a.CriticalPath);
        if (byPath != 0)
        {
            return byPath;
        }

        var byPriority = b.RunPriority.CompareTo(a.RunPriority);
        return byPriority != 0 ? byPriority : a.Sequence.CompareTo(b.Sequence);
    }
}
