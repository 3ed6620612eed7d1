using AsterFarm.Coordinator.Scheduler.Persistence;

namespace AsterFarm.Coordinator.Tests.Scheduler.Persistence;

/// <summary>
/// A newer release must still read the journal and snapshots an older one wrote: each version's samples are frozen
/// under Frozen/&lt;version&gt;/&lt;manifest&gt;.bin (written once with ASTERFARM_FREEZE_PROTOCOL=1, never overwritten) and
/// must still deserialize to what that version's sample serializes to.
/// </summary>
public sealed class FrozenPersistenceTests
{
    private const string CurrentVersion = "v1";
    private const string WriteVariable = "ASTERFARM_FREEZE_PROTOCOL";

    private static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "Scheduler", "Persistence", "Frozen");

    [Fact]
    public void Every_persisted_type_has_a_manifest_and_frozen_bytes()
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            WriteMissing();
            return;
        }

        var samples = PersistedSamples.Full().ToList();
        Assert.Equal(
            SchedulerPersistenceManifests.ManifestsByType.Keys.OrderBy(t => t.Name),
            samples.Select(sample => sample.GetType()).Distinct().OrderBy(t => t.Name));
        var missing = samples
            .Select(sample => SchedulerEventSerializer.ManifestOf(sample.GetType()))
            .Where(manifest => !File.Exists(Path.Combine(OutputDirectory, CurrentVersion, manifest + ".bin")))
            .ToList();
        Assert.True(missing.Count == 0, $"no frozen bytes for {string.Join(", ", missing)}; run the tests once with {WriteVariable}=1 and commit the files");
    }

    [Fact]
    public void Frozen_journal_and_snapshot_bytes_of_every_version_still_read()
    {
        var files = Directory.GetFiles(OutputDirectory, "*.bin", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var samples = PersistedSamples.Full().ToDictionary(sample => SchedulerEventSerializer.ManifestOf(sample.GetType()));
        foreach (var file in files)
        {
            var manifest = Path.GetFileNameWithoutExtension(file);

            var read = SchedulerEventSerializer.Deserialize(File.ReadAllBytes(file), manifest);

            // Records holding arrays do not compare by value; what they serialize to does.
            Assert.True(
                SchedulerEventSerializer.Serialize(samples[manifest]).AsSpan().SequenceEqual(SchedulerEventSerializer.Serialize(read)),
                $"{file} no longer reads as its sample");
        }
    }

    [Fact]
    public void A_snapshot_restores_the_state_it_was_taken_of()
    {
        var state = PersistedSamples.Full().OfType<SchedulerState>().Single();

        var restored = SchedulerSnapshot.Read(SchedulerEventSerializer.Deserialize(SchedulerEventSerializer.Serialize(SchedulerSnapshot.Of(state)), "ss"));

        Assert.Equal(SchedulerEventSerializer.Serialize(state), SchedulerEventSerializer.Serialize(restored));
        Assert.Equal(state.Applied, restored.Applied);
        Assert.Single(restored.Runs);
        Assert.True(restored.Progress[PersistedSamples.Dependency].Built);
    }

    private static void WriteMissing()
    {
        var directory = Path.Combine(SourceDirectory(), CurrentVersion);
        Directory.CreateDirectory(directory);
        foreach (var sample in PersistedSamples.Full())
        {
            var path = Path.Combine(directory, SchedulerEventSerializer.ManifestOf(sample.GetType()) + ".bin");
            if (!File.Exists(path))
            {
                File.WriteAllBytes(path, SchedulerEventSerializer.Serialize(sample));
            }
        }
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "AsterFarm.Coordinator.Tests", "Scheduler", "Persistence", "Frozen");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/AsterFarm.Coordinator.Tests/Scheduler/Persistence/Frozen not found above " + AppContext.BaseDirectory);
    }
}
