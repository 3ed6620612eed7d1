using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Shared.Tests.Protocol;

public sealed class ProtocolManifestTests
{
    private static readonly Type[] WireTypes = typeof(IAsterFarmMessage).Assembly.GetTypes()
        .Where(type => typeof(IAsterFarmMessage).IsAssignableFrom(type) && type is { IsInterface: false, IsAbstract: false })
        .ToArray();

    [Fact]
    public void Every_wire_type_has_exactly_one_manifest_and_manifests_are_unique()
    {
        var missing = WireTypes.Where(type => !ProtocolManifests.ManifestsByType.ContainsKey(type)).Select(type => type.Name).ToList();
        Assert.True(missing.Count == 0, "wire types without a manifest: " + string.Join(", ", missing));
        Assert.Equal(ProtocolManifests.ManifestsByType.Count, ProtocolManifests.TypesByManifest.Count);
        Assert.Equal(WireTypes.Length, ProtocolManifests.ManifestsByType.Count);
    }

    [Fact]
    public void Every_wire_type_is_a_sealed_record()
    {
        var notSealedRecords = WireTypes
            .Where(type => !type.IsSealed || type.GetMethod("<Clone>$") is null)
            .Select(type => type.Name)
            .ToList();
        Assert.True(notSealedRecords.Count == 0, "not sealed records: " + string.Join(", ", notSealedRecords));
    }

    [Fact]
    public void Every_wire_type_has_a_full_sample()
    {
        var sampled = ProtocolSamples.Full.Select(sample => sample.GetType()).ToHashSet();
        var unsampled = WireTypes.Where(type => !sampled.Contains(type)).Select(type => type.Name).ToList();
        Assert.True(unsampled.Count == 0, "wire types without a sample in ProtocolSamples.Full: " + string.Join(", ", unsampled));
    }

    [Fact]
    public void Manifests_are_short()
    {
        var manifest = ProtocolManifests.TypesByManifest.Keys.MaxBy(key => key.Length)!;
        Assert.True(manifest.Length <= 4, $"manifest '{manifest}' is longer than 4 characters");
    }
}
