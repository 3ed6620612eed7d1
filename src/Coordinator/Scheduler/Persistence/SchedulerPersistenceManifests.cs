using AsterFarm.Coordinator.Scheduler.Persistence.Events;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>The manifests of the scheduler's persisted types: a manifest names a type forever (journals outlive releases).</summary>
public static class SchedulerPersistenceManifests
{
    private static readonly (string Manifest, Type Type)[] Entries =
    [
        ("s", typeof(SchedulerState)),
        ("ss", typeof(SchedulerSnapshot)),
        ("rs", typeof(RunSubmitted)),
        ("rr", typeof(RunRootsAdded)),
        ("ra", typeof(RunDagAccepted)),
        ("rj", typeof(RunDagRejected)),
        ("rc", typeof(RunCancelled)),
        ("bd", typeof(BuildDispatched)),
        ("bs", typeof(BuildSucceeded)),
        ("bt", typeof(BuildTryFailed)),
    ];

    public static IReadOnlyDictionary<Type, string> ManifestsByType { get; } = Entries.ToDictionary(entry => entry.Type, entry => entry.Manifest);

    public static IReadOnlyDictionary<string, Type> TypesByManifest { get; } = Entries.ToDictionary(entry => entry.Manifest, entry => entry.Type, StringComparer.Ordinal);
}
