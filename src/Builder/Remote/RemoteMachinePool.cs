using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// The remote Nix machines of one builder node: their free slots (max jobs), which are down and why, and idle SSH
/// sessions kept for reuse (one per slot at most). Choosing a machine follows Nix's build hook: among the machines that
/// accept the system and features and have a free slot, the least loaded relative to its speed factor.
/// </summary>
public sealed class RemoteMachinePool : IAsyncDisposable
{
    private readonly RemoteMachineOptions _options;
    private readonly StoreDir _storeDir;
    private readonly string _knownHostsDirectory;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MachineState> _states;

    public RemoteMachinePool(IReadOnlyList<RemoteMachine> machines, RemoteMachineOptions options, string workDirectory, StoreDir? storeDir = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(machines);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _storeDir = storeDir ?? StoreDir.Default;
        _knownHostsDirectory = Path.Combine(workDirectory, "ssh");
        _time = time ?? TimeProvider.System;
        Machines = machines;
        _states = machines.ToDictionary(m => m.StoreUri, m => new MachineState(m), StringComparer.Ordinal);
    }

    public IReadOnlyList<RemoteMachine> Machines { get; }

    /// <summary>Each machine's state now: busy slots, and the reason it is down (null when up).</summary>
    public IReadOnlyList<(RemoteMachine Machine, int Busy, string? DownReason)> Snapshot()
    {
        lock (_lock)
        {
            return [.. Machines.Select(m => (m, _states[m.StoreUri].Busy, IsDown(_states[m.StoreUri]) ? _states[m.StoreUri].DownReason : null))];
        }
    }

    /// <summary>Whether some configured machine (up or down) builds <paramref name="system"/>.</summary>
    public bool Builds(string system) => Machines.Any(m => m.Systems.Contains(system, StringComparer.Ordinal));

    /// <summary>
    /// Takes a slot on the best machine for a derivation, or returns null with the reason none fits (no machine for the
    /// system or features, all down, all busy).
    /// </summary>
    public RemoteMachineLease? TryReserve(string system, IReadOnlyCollection<string> requiredFeatures, out string whyNot)
    {
        lock (_lock)
        {
            var candidates = _states.Values.Where(s => s.Machine.Accepts(system, requiredFeatures)).ToList();
            if (candidates.Count == 0)
            {
                whyNot = Machines.Count == 0
                    ? "no remote machines are configured"
                    : $"no remote machine accepts it: {string.Join("; ", Machines.Select(m => m.WhyNot(system, requiredFeatures)))}";
                return null;
            }

            var up = candidates.Where(s => !IsDown(s)).ToList();
            if (up.Count == 0)
            {
                whyNot = $"every remote machine for {system} is down: {string.Join("; ", candidates.Select(s => $"'{s.Machine.StoreUri}': {s.DownReason}"))}";
                return null;
            }

            var best = up.Where(s => s.Busy < s.Machine.MaxJobs)
                .OrderBy(s => s.Busy / s.Machine.SpeedFactor)
                .ThenByDescending(s => s.Machine.SpeedFactor)
                .FirstOrDefault();
            if (best is null)
            {
                whyNot = $"every remote machine for {system} is busy";
                return null;
            }

            best.Busy++;
            whyNot = string.Empty;
            return new RemoteMachineLease(this, best.Machine);
        }
    }

    /// <summary>Marks a machine down with the reason; it is tried again after <see cref="RemoteMachineOptions.RetryDownAfter"/>.</summary>
    public void MarkDown(RemoteMachine machine, string reason)
    {
        ArgumentNullException.ThrowIfNull(machine);
        List<SshServeSession> idle;
        lock (_lock)
        {
            var state = _states[machine.StoreUri];
            state.DownReason = reason;
            state.DownUntil = _time.GetUtcNow() + _options.RetryDownAfter;
            idle = [.. state.Idle];
            state.Idle.Clear();
        }

        foreach (var session in idle)
        {
            session.Kill();
            _ = session.DisposeAsync().AsTask();
        }

        // A master that outlived the failure (a half-open connection until its keep-alives run out) must not serve
        // the sessions of the next try: that one logs in afresh.
        _ = SshServeSession.StopMasterAsync(machine, _options, _knownHostsDirectory);
    }

    internal async Task<SshServeSession> SessionAsync(RemoteMachine machine, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var state = _states[machine.StoreUri];
            if (state.Idle.Count > 0)
            {
                var idle = state.Idle[^1];
                state.Idle.RemoveAt(state.Idle.Count - 1);
                return idle;
            }
        }

        return await SshServeSession.StartAsync(machine, _options, _knownHostsDirectory, _storeDir, cancellationToken).ConfigureAwait(false);
    }

    internal void Return(SshServeSession session, bool reusable)
    {
        if (reusable && !session.Connection.IsBroken)
        {
            lock (_lock)
            {
                var state = _states[session.Machine.StoreUri];
                if (!IsDown(state) && state.Idle.Count < session.Machine.MaxJobs)
                {
                    session.LogSink = null;
                    state.Idle.Add(session);
                    return;
                }
            }
        }

        session.Kill();
        _ = session.DisposeAsync().AsTask();
    }

    internal void Release(RemoteMachine machine, bool succeeded)
    {
        lock (_lock)
        {
            var state = _states[machine.StoreUri];
            state.Busy--;
            if (succeeded)
            {
                state.DownReason = null;
                state.DownUntil = null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<SshServeSession> idle;
        lock (_lock)
        {
            idle = [.. _states.Values.SelectMany(s => s.Idle)];
            foreach (var state in _states.Values)
            {
                state.Idle.Clear();
            }
        }

        foreach (var session in idle)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var machine in Machines)
        {
            await SshServeSession.StopMasterAsync(machine, _options, _knownHostsDirectory).ConfigureAwait(false);
        }

        if (_options.Multiplex)
        {
            SshControlSockets.Release(_knownHostsDirectory);
        }
    }

    private bool IsDown(MachineState state) => state.DownUntil is { } until && until > _time.GetUtcNow();

    private sealed class MachineState(RemoteMachine machine)
    {
        public RemoteMachine Machine { get; } = machine;

        public int Busy { get; set; }

        public string? DownReason { get; set; }

        public DateTimeOffset? DownUntil { get; set; }

        public List<SshServeSession> Idle { get; } = [];
    }
}
