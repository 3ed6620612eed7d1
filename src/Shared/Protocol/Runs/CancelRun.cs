using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>HTTP edge → scheduler: cancel the run; its builds not shared with other runs are cancelled on their builders.</summary>
[MessagePackObject]
public sealed record CancelRun(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string Reason) : IAsterFarmMessage;
