using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>A remote Nix machine a builder node drives over SSH, whose slots are part of the node's.</summary>
/// <param name="StoreUri">Its machines-file URI (<c>ssh://user@host</c>).</param>
/// <param name="Systems">The systems it builds natively.</param>
/// <param name="MaxJobs">Its slots.</param>
/// <param name="SpeedFactor">Its speed factor from the machines file.</param>
/// <param name="Features">The features it supports (mandatory ones included).</param>
/// <param name="MandatoryFeatures">Features a derivation must require to be built there.</param>
[MessagePackObject]
public sealed record RemoteMachineSlots(
    [property: Key(0)] string StoreUri,
    [property: Key(1)] ValueList<string> Systems,
    [property: Key(2)] int MaxJobs,
    [property: Key(3)] double SpeedFactor,
    [property: Key(4)] ValueList<string> Features,
    [property: Key(5)] ValueList<string> MandatoryFeatures);
