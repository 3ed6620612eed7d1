using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
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
    private static readonly Dictionary<(string Version, string Manifest), IAsterFarmMessage> Overrides = new()
    {
        // v3 added RunStatus.Attempts (key 5): earlier bytes read without it.
        [("v1", "rt")] = WithoutAttempts("rt"),
        [("v2", "rt")] = WithoutAttempts("rt"),
        [("v1", "rn")] = WithoutAttempts("rn"),
        [("v2", "rn")] = WithoutAttempts("rn"),
    };

    public static IAsterFarmMessage For(string version, string manifest)
    {
        if (Overrides.TryGetValue((version, manifest), out var expected))
        {
            return expected;
        }

        return ProtocolSamples.Full.SingleOrDefault(sample => ProtocolSerializer.ManifestOf(sample.GetType()) == manifest)
            ?? throw new InvalidOperationException($"no sample for manifest '{manifest}' (frozen in {version})");
    }

    private static IAsterFarmMessage WithoutAttempts(string manifest) => Current(manifest) switch
    {
        RunStatus status => status with { Attempts = null },
        RunList list => list with { Runs = ValueList.From(list.Runs.Select(run => run with { Attempts = null })) },
        var other => other,
    };

    private static IAsterFarmMessage Current(string manifest) =>
        ProtocolSamples.Full.Single(sample => ProtocolSerializer.ManifestOf(sample.GetType()) == manifest);
}
