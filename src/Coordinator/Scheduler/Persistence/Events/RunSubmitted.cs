using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A run was submitted (its first batch of roots); it waits for its DAG.</summary>
/// <remarks>Persisted types hold plain arrays and strings only, so they also pass Akka's message serialization checks in tests.</remarks>
[MessagePackObject]
public sealed record RunSubmitted(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string[] Roots,
    [property: Key(2)] int Priority,
    [property: Key(3)] bool RebuildFailed,
    [property: Key(4)] bool KeepGoing,
    [property: Key(5)] int ExpectedRootBatches,
    [property: Key(6)] TraceContext? Trace,
    [property: Key(7)] DateTime AtUtc) : ISchedulerEvent
{
    public static RunSubmitted Of(Shared.Protocol.Runs.SubmitRun submit, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(submit);
        return new(
            submit.Run, [.. submit.Roots.Select(root => root.ToString())], submit.Priority, submit.Options.RebuildFailed, submit.Options.KeepGoing,
            submit.ExpectedRootBatches, submit.Trace, at);
    }

    /// <summary>The submission as the wire carried it.</summary>
    public Shared.Protocol.Runs.SubmitRun Submission() =>
        new(Run, ValueList.From(Roots.Select(Shared.Store.StorePath.Parse)), Priority, new Shared.Protocol.Runs.RunOptions(RebuildFailed, KeepGoing), ExpectedRootBatches, Trace);
}
