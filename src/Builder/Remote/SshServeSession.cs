using System.Diagnostics;
using System.Globalization;
using System.Text;
using AsterFarm.Builder.Remote.ServeProtocol;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// One <c>ssh … nix-store --serve --write</c> process and the <see cref="ServeConnection"/> over its pipes. The remote's
/// stderr (where Nix writes the build log and its errors) goes to the current <see cref="LogSink"/> and a tail kept
/// for error messages. Disposing closes the remote's input, then ends the process.
/// </summary>
public sealed class SshServeSession : IAsyncDisposable
{
    private const int TailBytes = 8 << 10;

    private readonly Process _process;
    private readonly Task _stderrPump;
    private readonly TailBuffer _tail = new(TailBytes);
    private readonly Lock _tailLock = new();
    private ServeConnection? _connection;

    private SshServeSession(RemoteMachine machine, Process process)
    {
        Machine = machine;
        _process = process;
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    public RemoteMachine Machine { get; }

    /// <summary>The protocol connection (after <see cref="StartAsync"/>).</summary>
    public ServeConnection Connection => _connection ?? throw new InvalidOperationException("the session is not connected");

    /// <summary>Receives the remote's stderr while set (a build's log); null drops it (the tail is kept regardless).</summary>
    public IBuildLogSink? LogSink { get; set; }

    /// <summary>Starts <c>ssh</c> and greets the remote Nix; a failure names the machine and includes ssh's stderr.</summary>
    public static async Task<SshServeSession> StartAsync(
        RemoteMachine machine, RemoteMachineOptions options, string knownHostsDirectory, StoreDir storeDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo(options.SshProgram)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(machine, options, knownHostsDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RemoteMachineException(machine.StoreUri, $"could not start '{options.SshProgram}'");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new RemoteMachineException(machine.StoreUri, $"could not start '{options.SshProgram}' (install openssh-client): {error.Message}");
        }

        var session = new SshServeSession(machine, process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                session._connection = await ServeConnection.OpenAsync(
                    process.StandardOutput.BaseStream, process.StandardInput.BaseStream, machine.StoreUri, storeDir, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RemoteMachineException(machine.StoreUri, $"no answer within {options.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }

            return session;
        }
        catch (Exception error) when (error is ServeProtocolException or IOException or RemoteMachineException)
        {
            var explained = session.Explain(error, "cannot connect");
            await session.DisposeAsync().ConfigureAwait(false);
            throw explained;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The ssh command line: no tty, no forwarding, batch mode, host key checking on, keep-alives.</summary>
    public static IReadOnlyList<string> Arguments(RemoteMachine machine, RemoteMachineOptions options, string knownHostsDirectory)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string>
        {
            "-T", "-x", "-a",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", string.Create(CultureInfo.InvariantCulture, $"ServerAliveInterval={Math.Max(1, (int)options.KeepAliveInterval.TotalSeconds)}"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"ServerAliveCountMax={Math.Max(1, options.KeepAliveCountMax)}"),
        };
        if (machine.Port is { } port)
        {
            args.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (machine.SshKey is { } key)
        {
            args.AddRange(["-i", key, "-o", "IdentitiesOnly=yes"]);
        }

        if (machine.PublicHostKey is { } hostKey)
        {
            args.AddRange(["-o", "UserKnownHostsFile=" + WriteKnownHosts(machine, hostKey, knownHostsDirectory)]);
        }

        if (options.Multiplex)
        {
            args.AddRange(
            [
                "-o", "ControlMaster=auto",
                "-o", "ControlPath=" + SshControlSockets.PathFor(machine, knownHostsDirectory),
                "-o", string.Create(CultureInfo.InvariantCulture, $"ControlPersist={Math.Max(1, (int)options.ControlPersist.TotalSeconds)}"),
            ]);
        }

        args.AddRange(options.SshOptions.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        args.Add(machine.Host);
        var command = options.RemoteProgram + " --serve --write";
        if (!string.IsNullOrEmpty(options.RemoteStore))
        {
            command += " --store '" + options.RemoteStore.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }

        args.Add(command);
        return args;
    }

    /// <summary>
    /// With <see cref="RemoteMachineOptions.Multiplex"/>, ends the machine's master connection (<c>ssh -O exit</c>) so
    /// that it does not outlive the node by <see cref="RemoteMachineOptions.ControlPersist"/>; a no-op otherwise.
    /// </summary>
    public static async Task StopMasterAsync(RemoteMachine machine, RemoteMachineOptions options, string knownHostsDirectory)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Multiplex)
        {
            return;
        }

        var start = new ProcessStartInfo(options.SshProgram) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-O", "exit", "-o", "ControlPath=" + SshControlSockets.PathFor(machine, knownHostsDirectory), machine.Host])
        {
            start.ArgumentList.Add(argument);
        }

        Process? process = null;
        try
        {
            process = Process.Start(start);
            if (process is not null)
            {
                // "No such file or directory" when no master runs: nothing to stop.
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or RemoteMachineException or IOException or UnauthorizedAccessException)
        {
            // No ssh to run, or no socket directory possible: no master can be running either.
        }
        catch (OperationCanceledException)
        {
            process?.Kill(entireProcessTree: true);
        }
        finally
        {
            process?.Dispose();
        }
    }

    /// <summary>The last bytes the remote wrote to stderr (its error, or the end of a build log).</summary>
    public string StderrTail()
    {
        lock (_tailLock)
        {
            return _tail.ToString().Trim();
        }
    }

    /// <summary>A connection failure as a <see cref="RemoteMachineException"/> naming the machine, with the remote's last stderr lines.</summary>
    public RemoteMachineException Explain(Exception error, string doing)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!_process.HasExited)
        {
            // Give ssh's own last words (e.g. "Host key verification failed.") a moment to arrive.
            _process.WaitForExit(TimeSpan.FromSeconds(1));
        }

        _stderrPump.Wait(TimeSpan.FromSeconds(1));
        var stderr = StderrTail();
        var exited = _process.HasExited ? string.Create(CultureInfo.InvariantCulture, $" (ssh exited with {_process.ExitCode})") : string.Empty;
        var message = error is RemoteMachineException remote ? remote.Reason : error.Message;
        return new RemoteMachineException(
            Machine.StoreUri,
            $"{doing}: {message}{exited}{(stderr.Length == 0 ? string.Empty : "; its stderr ended with: " + stderr)}",
            error);
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the connection closes the remote's input: nix-store --serve exits at its end.
        if (_connection is not null)
        {
            _connection.Dispose();
        }
        else
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }

        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        await _stderrPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    /// <summary>Ends the ssh process at once (a cancelled build): the remote Nix sees its input close and stops the build.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string WriteKnownHosts(RemoteMachine machine, string base64HostKey, string directory)
    {
        Directory.CreateDirectory(directory);
        var at = machine.Host.LastIndexOf('@');
        var host = at >= 0 ? machine.Host[(at + 1)..] : machine.Host;
        var entry = machine.Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}") : host;
        var line = $"{entry} {Encoding.UTF8.GetString(Convert.FromBase64String(base64HostKey)).Trim()}\n";
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(machine.StoreUri)))[..16];
        var path = Path.Combine(directory, $"known_hosts-{name}");
        File.WriteAllText(path, line);
        return path;
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new byte[16 << 10];
        var stderr = _process.StandardError.BaseStream;
        while (true)
        {
            int read;
            try
            {
                read = await stderr.ReadAsync(buffer).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            lock (_tailLock)
            {
                _tail.Append(buffer.AsSpan(0, read));
            }

            if (LogSink is { } sink)
            {
                try
                {
                    await sink.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The build's log file went away (the build ended); the tail still has it.
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }
}
