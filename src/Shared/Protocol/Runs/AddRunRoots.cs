using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>One more batch of roots of a submission announced with <see cref="SubmitRun.ExpectedRootBatches"/> &gt; 1; <paramref name="Batch"/> counts from 1.</summary>
[MessagePackObject]
public sealed record AddRunRoots(
    [property: Key(0)] RunId Run,
    [property: Key(1)] int Batch,
    [property: Key(2)] ValueList<StorePath> Roots) : IAsterFarmMessage;
