using System.Text;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Dashboard;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Per derivation, its last dispatch as the dashboard shows it: on which builder, from when to when, native or
/// emulated, the builder's phase times and the end of its log when it failed. Memory is bounded by the derivations the
/// scheduler knows (one small record each; log tails trimmed to <see cref="RunPageEntry.MaxLogTailBytes"/>). Kept in
/// memory only: a scheduler that takes over after a handover shows the builds dispatched since.
/// </summary>
internal sealed class BuildRecords
{
    private readonly Dictionary<DerivationId, BuildRecord> _records = [];

    public BuildRecord? Of(DerivationId id) => _records.GetValueOrDefault(id);

    public void Dispatched(DerivationId id, string node, bool emulated, DateTime atUtc) =>
        _records[id] = new BuildRecord(node, atUtc, null, emulated, null, null);

    public void Ended(DerivationId id, DateTime atUtc)
    {
        if (_records.TryGetValue(id, out var record) && record.EndedUtc is null)
        {
            _records[id] = record with { EndedUtc = atUtc };
        }
    }

    public void Finished(DerivationId id, PhaseTimings timings)
    {
        if (_records.TryGetValue(id, out var record))
        {
            _records[id] = record with { Timings = timings };
        }
    }

    public void Failed(DerivationId id, PhaseTimings timings, string logTail)
    {
        if (_records.TryGetValue(id, out var record))
        {
            _records[id] = record with { Timings = timings, LogTail = Trim(logTail) };
        }
    }

    /// <summary>The last whole lines of <paramref name="log"/> within the byte budget.</summary>
    internal static string? Trim(string log)
    {
        if (string.IsNullOrEmpty(log))
        {
            return null;
        }

        var text = log.TrimEnd('\n');
        var start = text.Length;
        var bytes = 0;
        while (start > 0)
        {
            var newline = text.LastIndexOf('\n', start - 1);
            var lineBytes = Encoding.UTF8.GetByteCount(text.AsSpan(newline + 1, start - newline - 1)) + 1;
            if (bytes + lineBytes > RunPageEntry.MaxLogTailBytes)
            {
                break;
            }

            bytes += lineBytes;
            start = newline < 0 ? 0 : newline;
        }

        // One line longer than the budget: its end.
        return start == text.Length ? LogTailOf(text) : text[(start == 0 ? 0 : start + 1)..];
    }

    private static string LogTailOf(string line)
    {
        var keep = RunPageEntry.MaxLogTailBytes / 4;
        return line.Length <= keep ? line : "…" + line[^keep..];
    }
}

/// <summary>One derivation's last dispatch.</summary>
internal sealed record BuildRecord(string Node, DateTime StartedUtc, DateTime? EndedUtc, bool Emulated, PhaseTimings? Timings, string? LogTail);
