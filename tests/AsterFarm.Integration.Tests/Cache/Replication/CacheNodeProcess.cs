using System.Diagnostics;
using System.Text;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// One <c>asterfarm cache serve</c> process on a fixed loopback port: started (awaiting its "Serving" line), killed
/// with SIGKILL, restarted on the same directory and port. Disposing kills it if it still runs.
/// </summary>
internal sealed class CacheNodeProcess : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "asterfarm.dll");
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public CacheNodeProcess(string directory, int port, string keyFile, IReadOnlyDictionary<string, string> environment)
    {
        Directory = directory;
        Port = port;
        KeyFile = keyFile;
        _environment = environment;
    }

    public string Directory { get; }

    public int Port { get; }

    public string KeyFile { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process wrote to stderr so far (for failure messages).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the node replicating across <paramref name="peers"/> (base URLs) and waits until it serves.</summary>
    public async Task StartAsync(IEnumerable<string> peers)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Url} is already running");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Dll, "cache", "serve", "--dir", Directory, "--listen", $"127.0.0.1:{Port}", "--key-file", KeyFile, "--peers", string.Join(',', peers) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line.Data);
            }
        };
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("Serving ", StringComparison.Ordinal))
            {
                // Keep draining stdout so the process never blocks on a full pipe.
                _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return;
            }
        }

        throw new InvalidOperationException($"cache node {Url} exited before serving: {Stderr}");
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Whether this node's directory holds the narinfo of <paramref name="hashPart"/> and the NAR it names.</summary>
    public bool Holds(string hashPart) => HoldsIn(Directory, hashPart);

    /// <summary>Whether the cache directory holds the narinfo of <paramref name="hashPart"/> and the NAR it names.</summary>
    public static bool HoldsIn(string directory, string hashPart)
    {
        var narInfo = Path.Combine(directory, hashPart + ".narinfo");
        if (!File.Exists(narInfo))
        {
            return false;
        }

        var url = File.ReadLines(narInfo).First(l => l.StartsWith("URL: ", StringComparison.Ordinal))["URL: ".Length..];
        return File.Exists(Path.Combine(directory, url));
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
    }
}
