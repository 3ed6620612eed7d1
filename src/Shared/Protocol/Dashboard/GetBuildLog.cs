using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>
/// HTTP edge → a builder's log actor (<c>/user/build-logs</c>): the log of a build it runs now, from byte
/// <paramref name="Offset"/> on; answered with a <see cref="BuildLogChunk"/>. The whole log of a finished build is in
/// the cache (<c>log/&lt;drv&gt;</c>).
/// </summary>
[MessagePackObject]
public sealed record GetBuildLog([property: Key(0)] StorePath DrvPath, [property: Key(1)] long Offset) : IAsterFarmMessage
{
    /// <summary>The builder's actor that answers, at <c>/user/</c> on every builder node.</summary>
    public const string ActorName = "build-logs";
}
