using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>HTTP edge → scheduler: what the scheduler knows of one derivation, answered with a <see cref="DerivationReport"/>.</summary>
[MessagePackObject]
public sealed record GetDerivation([property: Key(0)] StorePath DrvPath) : IAsterFarmMessage;
