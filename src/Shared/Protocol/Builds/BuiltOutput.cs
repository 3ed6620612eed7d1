using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>One output of a finished build, as uploaded to the cache: its path and NAR hash and size.</summary>
[MessagePackObject]
public sealed record BuiltOutput(
    [property: Key(0)] string Name,
    [property: Key(1)] StorePath Path,
    [property: Key(2)] NixHash NarHash,
    [property: Key(3)] long NarSize);
