using System.Text;
using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Tests.Support;

/// <summary>Keeps the whole log as text and lets a test await a line appearing in it.</summary>
internal sealed class RecordingLogSink : IBuildLogSink
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        lock (_text)
        {
            _text.Append(Encoding.UTF8.GetString(chunk.Span));
            var all = _text.ToString();
            foreach (var (text, seen) in _waiters.Where(w => all.Contains(w.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when the log contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_text)
        {
            if (_text.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"expected the log to contain '{text}' within {timeout}; it was:\n{Text}");
        }
    }
}
