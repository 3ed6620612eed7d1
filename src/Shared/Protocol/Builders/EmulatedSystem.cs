using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>A system a builder runs under QEMU user-mode emulation, and how many times slower than native it is (e.g. 5.2).</summary>
[MessagePackObject]
public sealed record EmulatedSystem(
    [property: Key(0)] string System,
    [property: Key(1)] double Slowdown);
