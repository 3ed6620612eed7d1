namespace AsterFarm.Builder.Remote;

/// <summary>A slot taken on one remote machine for one build; disposing frees it.</summary>
public sealed class RemoteMachineLease : IDisposable
{
    private readonly RemoteMachinePool _pool;
    private bool _released;

    internal RemoteMachineLease(RemoteMachinePool pool, RemoteMachine machine)
    {
        _pool = pool;
        Machine = machine;
    }

    public RemoteMachine Machine { get; }

    /// <summary>Set when the build talked to the machine successfully: a down mark is cleared on release.</summary>
    public bool Succeeded { get; set; }

    /// <summary>A connected session (an idle one reused, or a new ssh).</summary>
    public Task<SshServeSession> SessionAsync(CancellationToken cancellationToken) => _pool.SessionAsync(Machine, cancellationToken);

    /// <summary>Gives the session back: kept for the next build when it is healthy, else ended.</summary>
    public void Return(SshServeSession session, bool reusable) => _pool.Return(session, reusable);

    /// <summary>The machine stopped answering: marks it down (its idle sessions end).</summary>
    public void MarkDown(string reason) => _pool.MarkDown(Machine, reason);

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            _pool.Release(Machine, Succeeded);
        }
    }
}
