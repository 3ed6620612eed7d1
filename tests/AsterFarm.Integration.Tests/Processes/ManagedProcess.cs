using System.Diagnostics;
using System.Text;

namespace AsterFarm.Integration.Tests.Processes;

/// <summary>
/// A long-running child process (a cluster node) with its output captured line by line; disposing
/// kills it with its tree if it is still running, so a failing test never leaves processes behind.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Lock _lock = new();

    private ManagedProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static ManagedProcess Start(
        string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(name, process);
        process.OutputDataReceived += (_, line) => managed.Append(line.Data);
        process.ErrorDataReceived += (_, line) => managed.Append(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {name}: {program}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/> (already written or to come).</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = _output.ToString().Split('\n').FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((line => line.Contains(text, StringComparison.Ordinal), found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not print a line containing '{text}' within {timeout}; its output:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM, as Kubernetes does when it stops a pod.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends <c>SIG</c><paramref name="signal"/> (e.g. <c>STOP</c> and <c>CONT</c> to freeze a node and let it go on).</summary>
    public void Signal(string signal)
    {
        var result = ProcessRunner.Run("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} ({Name}) failed: {result}");
        }
    }

    /// <summary>SIGKILLs the process and every process it started, as a machine failure would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}; its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> satisfied = [];
        lock (_lock)
        {
            _output.Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(line))
                {
                    satisfied.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var found in satisfied)
        {
            found.TrySetResult(line);
        }
    }
}
