using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>
/// Rolling upgrades: bytes written by an earlier release must still read. See Frozen/README.md.
/// </summary>
public sealed class FrozenProtocolTests
{
    [Fact]
    public void Every_current_wire_type_has_frozen_bytes()
    {
        var directory = Path.Combine(FrozenBytes.OutputDirectory, FrozenBytes.CurrentVersion);
        if (Environment.GetEnvironmentVariable(FrozenBytes.WriteVariable) == "1")
        {
            WriteMissing();
            return;
        }

        var missing = ProtocolSamples.Full
            .Select(sample => ProtocolSerializer.ManifestOf(sample.GetType()))
            .Where(manifest => !File.Exists(Path.Combine(directory, manifest + ".bin")))
            .ToList();
        Assert.True(
            missing.Count == 0,
            $"no frozen bytes for manifests {string.Join(", ", missing)}; run the tests once with {FrozenBytes.WriteVariable}=1 and commit the new files");
    }

    [Fact]
    public void Frozen_bytes_of_every_version_still_read_as_their_sample()
    {
        var files = Directory.GetFiles(FrozenBytes.OutputDirectory, "*.bin", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var version = Path.GetFileName(Path.GetDirectoryName(file))!;
            var manifest = Path.GetFileNameWithoutExtension(file);
            if (ProtocolManifests.Retired.Contains(manifest))
            {
                // A removed message (never sent by any release): its old bytes are refused by name, not misread.
                Assert.Throws<System.Runtime.Serialization.SerializationException>(() => ProtocolSerializer.Deserialize(File.ReadAllBytes(file), manifest));
                continue;
            }

            var expected = FrozenExpectations.For(version, manifest);

            var read = ProtocolSerializer.Deserialize(File.ReadAllBytes(file), manifest);

            Assert.True(expected.Equals(read), $"{version}/{manifest}.bin:\n  expected {expected}\n  read     {read}");
        }
    }

    [Fact]
    public void The_current_version_has_no_bytes_of_a_retired_message()
    {
        var current = Directory.GetFiles(Path.Combine(FrozenBytes.OutputDirectory, FrozenBytes.CurrentVersion), "*.bin")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(manifest => ProtocolManifests.Retired.Contains(manifest!))
            .ToList();

        Assert.True(current.Count == 0, $"{FrozenBytes.CurrentVersion} holds bytes of retired manifests {string.Join(", ", current)}");
    }

    private static void WriteMissing()
    {
        var directory = Path.Combine(FrozenBytes.SourceDirectory(), FrozenBytes.CurrentVersion);
        Directory.CreateDirectory(directory);
        foreach (var sample in ProtocolSamples.Full)
        {
            var path = Path.Combine(directory, ProtocolSerializer.ManifestOf(sample.GetType()) + ".bin");
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, ProtocolSerializer.Serialize(sample));
            }
        }
    }
}
