using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>
/// HTTP edge → scheduler: follow a run. The scheduler replies with the run's current <see cref="RunStatus"/>, then
/// sends every <see cref="RunBuildEvent"/> of the run to the sender, and a last <see cref="RunStatus"/> when the run
/// ends; it stops when the sender terminates. An unknown run is answered with a <see cref="RunStatus"/> in
/// <see cref="RunState.Unknown"/>.
/// </summary>
[MessagePackObject]
public sealed record SubscribeRun([property: Key(0)] RunId Run) : IAsterFarmMessage;
