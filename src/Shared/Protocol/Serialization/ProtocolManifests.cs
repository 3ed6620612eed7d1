using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Cache;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>
/// The one registry of wire manifests. A manifest names a type forever: never change or reuse one;
/// a new message gets a new manifest (and frozen bytes, see tests/…/Protocol/Frozen/README.md).
/// </summary>
public static class ProtocolManifests
{
    private static readonly (string Manifest, Type Type)[] Entries =
    [
        // Builders
        ("br", typeof(RegisterBuilder)),
        ("bra", typeof(BuilderRegistered)),
        ("bh", typeof(BuilderHeartbeat)),
        ("bu", typeof(BuilderUnknown)),
        ("bnq", typeof(ListBuilders)),
        ("bns", typeof(BuilderList)),

        // Builds
        ("d", typeof(DispatchBuild)),
        ("ds", typeof(BuildStarted)),
        ("df", typeof(BuildFinished)),
        ("dx", typeof(BuildFailed)),
        ("dc", typeof(CancelBuild)),

        // Runs
        ("rs", typeof(SubmitRun)),
        ("rr", typeof(AddRunRoots)),
        ("ra", typeof(RunAccepted)),
        ("rj", typeof(RunRejected)),
        ("rq", typeof(GetRunStatus)),
        ("rt", typeof(RunStatus)),
        ("re", typeof(RunBuildEvent)),
        ("rc", typeof(CancelRun)),
        ("rw", typeof(SubscribeRun)),
        ("rl", typeof(ListRuns)),
        ("rn", typeof(RunList)),

        // Cache
        ("ca", typeof(CacheReplicaAnnounced)),

        // Dashboard (read-only queries)
        ("vpq", typeof(GetRunPage)),
        ("vp", typeof(RunPage)),
        ("vtq", typeof(GetRunTimeline)),
        ("vt", typeof(RunTimeline)),
        ("vqq", typeof(GetQueueReport)),
        ("vq", typeof(QueueReport)),
        ("vdq", typeof(GetDerivation)),
        ("vd", typeof(DerivationReport)),
        ("vlq", typeof(GetBuildLog)),
        ("vl", typeof(BuildLogChunk)),
        ("vrq", typeof(ListRunSummaries)),
        ("vr", typeof(RunSummaryList)),
    ];

    /// <summary>
    /// Manifests of types that were registered once and removed; never reuse one. Protocol v4 removed the cache
    /// anti-entropy messages (<c>cd</c> CacheDigest, <c>cq</c> CacheRangeRequest, <c>cl</c> CacheRangeListing,
    /// <c>cm</c> CacheMissing): no release ever sent them, so no node can receive one.
    /// </summary>
    public static IReadOnlySet<string> Retired { get; } = new HashSet<string>(["cd", "cq", "cl", "cm"], StringComparer.Ordinal);

    /// <summary>Manifest → type; building it fails on a duplicate manifest.</summary>
    public static IReadOnlyDictionary<string, Type> TypesByManifest { get; } =
        Entries.ToDictionary(entry => entry.Manifest, entry => entry.Type, StringComparer.Ordinal);

    /// <summary>Type → manifest; building it fails on a type registered twice.</summary>
    public static IReadOnlyDictionary<Type, string> ManifestsByType { get; } =
        Entries.ToDictionary(entry => entry.Type, entry => entry.Manifest);
}
