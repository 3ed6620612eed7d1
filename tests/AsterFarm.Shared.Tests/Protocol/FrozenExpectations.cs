using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>
/// What each frozen file must read as with today's types. For the current version that is the
/// sample in <see cref="ProtocolSamples.Full"/>. When a type gains a field, the older versions'
/// bytes read with that field's default: add the old expectation here (see Frozen/README.md).
/// </summary>
internal static class FrozenExpectations
{
    // (version, manifest) → the value older bytes must read as, where it differs from the current sample.
    private static readonly Dictionary<(string Version, string Manifest), IAsterFarmMessage> Overrides = [];

    public static IAsterFarmMessage For(string version, string manifest)
    {
        if (Overrides.TryGetValue((version, manifest), out var expected))
        {
            return expected;
        }

        return ProtocolSamples.Full.SingleOrDefault(sample => ProtocolSerializer.ManifestOf(sample.GetType()) == manifest)
            ?? throw new InvalidOperationException($"no sample for manifest '{manifest}' (frozen in {version})");
    }
}
