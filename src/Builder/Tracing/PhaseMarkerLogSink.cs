using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Tracing;

/// <summary>
/// Passes a build's log on unchanged to <paramref name="inner"/> (if any) and notes the phases it announces
/// (<see cref="NixLogMarkers"/>) with the time each marker line arrived. Only lines starting with '@' are buffered,
/// and at most <see cref="MaxMarkerLine"/> bytes of one: a longer line is skipped whole, so a build printing huge
/// lines costs no memory.
/// </summary>
public sealed class PhaseMarkerLogSink(IBuildLogSink? inner, TimeProvider time) : IBuildLogSink
{
    /// <summary>Nix's own marker lines are under 200 bytes; 4 KiB leaves room for long phase lists in fields.</summary>
    public const int MaxMarkerLine = 4096;

    private readonly byte[] _line = new byte[MaxMarkerLine];
    private readonly BuildPhaseRecorder _phases = new();
    private int _length;
    private LineState _state = LineState.AtStart;

    private enum LineState
    {
        AtStart,
        Buffering,
        Skipping,
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        Scan(chunk.Span);
        if (inner is not null)
        {
            await inner.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the last phase now (a final line without a newline still counts) and returns the phases.</summary>
    public IReadOnlyList<BuildPhaseInterval> Complete()
    {
        if (_state == LineState.Buffering)
        {
            EndLine();
        }

        return _phases.Complete(time.GetUtcNow());
    }

    private void Scan(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            Take(part);
            if (newline < 0)
            {
                return;
            }

            EndLine();
            chunk = chunk[(newline + 1)..];
        }
    }

    private void Take(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        if (_state == LineState.AtStart)
        {
            _state = part[0] == (byte)'@' ? LineState.Buffering : LineState.Skipping;
        }

        if (_state != LineState.Buffering)
        {
            return;
        }

        if (_length + part.Length > _line.Length)
        {
            _state = LineState.Skipping;
            _length = 0;
            return;
        }

        part.CopyTo(_line.AsSpan(_length));
        _length += part.Length;
    }

    private void EndLine()
    {
        if (_state == LineState.Buffering && NixLogMarkers.TryReadPhase(_line.AsSpan(0, TrimCarriageReturn()), out var phase))
        {
            _phases.Begin(phase, time.GetUtcNow());
        }

        _length = 0;
        _state = LineState.AtStart;
    }

    private int TrimCarriageReturn() => _length > 0 && _line[_length - 1] == (byte)'\r' ? _length - 1 : _length;
}
