using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>
/// What changed from one evaluation of a jobset to a later one (what <c>asterfarm eval diff</c> prints and the webhook
/// receives). Every job of either evaluation is in exactly one of the job lists.
/// </summary>
/// <param name="Jobset">The jobset.</param>
/// <param name="From">The older evaluation's number.</param>
/// <param name="To">The newer evaluation's number.</param>
/// <param name="NewlyFailing">Succeeded before (or did not exist), fail now.</param>
/// <param name="NewlyFixed">Failed before, succeed now.</param>
/// <param name="StillFailing">Failed before and fail now.</param>
/// <param name="Added">New jobs that succeed (new failing jobs are under <paramref name="NewlyFailing"/>).</param>
/// <param name="Removed">Jobs the newer evaluation no longer has.</param>
/// <param name="Rebuilt">Succeeded before and now, with a changed derivation (or one rebuilt because its outputs were gone).</param>
/// <param name="UnchangedCached">Same derivation, nothing rebuilt.</param>
/// <param name="Pending">Jobs whose outcome the newer evaluation's run has not reported yet.</param>
/// <param name="Slower">Jobs built slower than their own history beyond the threshold.</param>
[MessagePackObject]
public sealed record EvaluationDiff(
    [property: Key(0)] string Jobset,
    [property: Key(1)] int From,
    [property: Key(2)] int To,
    [property: Key(3)] IReadOnlyList<DiffEntry> NewlyFailing,
    [property: Key(4)] IReadOnlyList<DiffEntry> NewlyFixed,
    [property: Key(5)] IReadOnlyList<DiffEntry> StillFailing,
    [property: Key(6)] IReadOnlyList<DiffEntry> Added,
    [property: Key(7)] IReadOnlyList<DiffEntry> Removed,
    [property: Key(8)] IReadOnlyList<DiffEntry> Rebuilt,
    [property: Key(9)] IReadOnlyList<DiffEntry> UnchangedCached,
    [property: Key(10)] IReadOnlyList<DiffEntry> Pending,
    [property: Key(11)] IReadOnlyList<SlowerJob> Slower)
{
    /// <summary>One line for a chat message: <c>nightly #42 vs #41: 3 newly failing, 1 fixed, …</c>.</summary>
    public string Summary()
    {
        var parts = new List<string>
        {
            $"{NewlyFailing.Count} newly failing",
            $"{NewlyFixed.Count} fixed",
            $"{StillFailing.Count} still failing",
            $"{Rebuilt.Count} rebuilt",
            $"{UnchangedCached.Count} unchanged",
        };
        if (Added.Count > 0)
        {
            parts.Add($"{Added.Count} added");
        }

        if (Removed.Count > 0)
        {
            parts.Add($"{Removed.Count} removed");
        }

        if (Slower.Count > 0)
        {
            parts.Add($"{Slower.Count} slower");
        }

        if (Pending.Count > 0)
        {
            parts.Add($"{Pending.Count} pending");
        }

        var worst = NewlyFailing.Count > 0 ? $" (first: {string.Join(", ", NewlyFailing.Take(3).Select(entry => entry.Attribute))})" : string.Empty;
        return $"{Jobset} #{To} vs #{From}: {string.Join(", ", parts)}{worst}";
    }
}
