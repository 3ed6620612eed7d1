using static AsterFarm.Coordinator.Jobsets.JobsetMessages;
using static AsterFarm.Coordinator.Jobsets.Persistence.JobsetEvents;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>The manifests of the jobsets' persisted and wire types: a manifest names a type forever (journals outlive releases).</summary>
public static class JobsetManifests
{
    private static readonly (string Manifest, Type Type)[] Entries =
    [
        ("js", typeof(JobsetsSnapshot)),
        ("jsv", typeof(JobsetSaved)),
        ("jrm", typeof(JobsetRemoved)),
        ("est", typeof(EvaluationStarted)),
        ("eev", typeof(EvaluationEvaluated)),
        ("esu", typeof(EvaluationSubmitted)),
        ("efi", typeof(EvaluationFinished)),
        ("ppi", typeof(PathsPinned)),
        ("pun", typeof(PathsUnpinned)),
        ("m-save", typeof(SaveJobset)),
        ("m-saved", typeof(JobsetSaveResult)),
        ("m-rm", typeof(RemoveJobset)),
        ("m-rmd", typeof(JobsetRemoveResult)),
        ("m-ls", typeof(ListJobsets)),
        ("m-lsd", typeof(JobsetList)),
        ("m-get", typeof(GetJobset)),
        ("m-got", typeof(JobsetDetails)),
        ("m-eval", typeof(EvaluateJobset)),
        ("m-evald", typeof(EvaluationAccepted)),
        ("m-geteval", typeof(GetEvaluation)),
        ("m-goteval", typeof(EvaluationFound)),
        ("m-diff", typeof(GetDiff)),
        ("m-diffd", typeof(DiffFound)),
        ("m-chan", typeof(GetChannel)),
        ("m-chand", typeof(ChannelFound)),
        ("m-roots", typeof(GetCacheRoots)),
        ("m-rootsd", typeof(CacheRootsFound)),
        ("m-pin", typeof(ChangePins)),
        ("m-pins", typeof(ListPins)),
        ("m-pinsd", typeof(PinsFound)),
    ];

    public static IReadOnlyDictionary<Type, string> ManifestsByType { get; } = Entries.ToDictionary(entry => entry.Type, entry => entry.Manifest);

    public static IReadOnlyDictionary<string, Type> TypesByManifest { get; } = Entries.ToDictionary(entry => entry.Manifest, entry => entry.Type, StringComparer.Ordinal);
}
