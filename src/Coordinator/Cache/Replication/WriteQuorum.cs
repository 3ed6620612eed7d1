namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Waits for replica writes until W are durable or W can no longer be reached; the rest keep running.</summary>
public static class WriteQuorum
{
    /// <summary>Whether <paramref name="required"/> of the finished writes are durable.</summary>
    public static bool IsMet(IEnumerable<ReplicaWrite> finished, int required) =>
        finished.Count(w => w.IsDurable) >= required;

    /// <summary>Whether the writes still running cannot lift the durable count to <paramref name="required"/>.</summary>
    public static bool IsLost(IReadOnlyCollection<ReplicaWrite> finished, int total, int required) =>
        finished.Count(w => w.IsDurable) + (total - finished.Count) < required;

    /// <summary>
    /// The writes finished by the time the quorum was met or lost (or <paramref name="cancellationToken"/> fired),
    /// including every other write already finished then: the refusal must count this node's own copy even when both
    /// peers failed before it was looked at.
    /// </summary>
    public static async Task<IReadOnlyList<ReplicaWrite>> AwaitAsync(IReadOnlyCollection<Task<ReplicaWrite>> writes, int required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var pending = writes.ToList();
        var finished = new List<ReplicaWrite>(pending.Count);
        while (pending.Count > 0 && !IsMet(finished, required) && !IsLost(finished, writes.Count, required))
        {
            var done = await Task.WhenAny(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            pending.Remove(done);
            finished.Add(await done.ConfigureAwait(false));
        }

        finished.AddRange(pending.Where(write => write.IsCompletedSuccessfully).Select(write => write.Result));
        return finished;
    }
}
