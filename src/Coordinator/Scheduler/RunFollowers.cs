using Akka.Actor;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Who waits for what the scheduler says about runs: the senders of a submission waiting for its answer, and the
/// followers of a run's events until it ends. Delivery bookkeeping of the actor, no scheduling state.
/// </summary>
internal sealed class RunFollowers
{
    private readonly Dictionary<RunId, List<IActorRef>> _awaiting = [];
    private readonly Dictionary<RunId, List<IActorRef>> _subscribers = [];
    private readonly Dictionary<IActorRef, List<RunId>> _followed = [];

    /// <summary><paramref name="asker"/> waits for the answer to the submission of <paramref name="run"/>.</summary>
    public void Await(RunId run, IActorRef asker) => (_awaiting.TryGetValue(run, out var list) ? list : _awaiting[run] = []).Add(asker);

    /// <summary>Everyone waiting for the answer of <paramref name="run"/>, who stop waiting.</summary>
    public IReadOnlyList<IActorRef> TakeAwaiting(RunId run) => _awaiting.Remove(run, out var list) ? list : [];

    /// <summary>Adds a follower; true when it is the first run it follows (the caller watches it).</summary>
    public bool Subscribe(RunId run, IActorRef follower)
    {
        (_subscribers.TryGetValue(run, out var list) ? list : _subscribers[run] = []).Add(follower);
        var first = !_followed.TryGetValue(follower, out var runs);
        (runs ??= _followed[follower] = []).Add(run);
        return first;
    }

    public IReadOnlyList<IActorRef> SubscribersOf(RunId run) => _subscribers.GetValueOrDefault(run) ?? [];

    /// <summary>The run ended: its followers stop following it; returns them.</summary>
    public IReadOnlyList<IActorRef> End(RunId run)
    {
        if (!_subscribers.Remove(run, out var list))
        {
            return [];
        }

        foreach (var follower in list)
        {
            if (_followed.TryGetValue(follower, out var runs))
            {
                runs.Remove(run);
            }
        }

        return list;
    }

    /// <summary>A follower stopped: it follows nothing any more.</summary>
    public void Forget(IActorRef follower)
    {
        if (!_followed.Remove(follower, out var runs))
        {
            return;
        }

        foreach (var run in runs)
        {
            _subscribers.GetValueOrDefault(run)?.Remove(follower);
        }
    }
}
