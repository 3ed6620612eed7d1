using AsterFarm.Coordinator.Jobsets;
using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Coordinator.Jobsets.Persistence;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;
using static AsterFarm.Coordinator.Jobsets.Persistence.JobsetEvents;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class JobsetsSerializerTests
{
    private static readonly DateTime At = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static readonly JobsetDefinition Definition = new("nightly", "/srv/release.nix", ["a=b"], "0 2 * * *", "Europe/Berlin", 3, true, 2, "https://hook.example/x");

    private static readonly EvaluatedJob Job = new("hello.riscv64-linux", "/nix/store/x-hello.drv", "riscv64-linux", ["out=/nix/store/y-hello"], null);

    private static readonly JobOutcome Outcome = new("hello.riscv64-linux", JobState.Failed, 2.5, true, "b1", "Build", "exit 1");

    private static readonly EvaluationRecord Record = EvaluationRecord.Started("nightly", 4, At, At) with { Jobs = [Job, EvaluatedJob.Failed("bad", "error: x")], Outcomes = [Outcome], Run = "r", State = EvaluationState.Finished };

    public static TheoryData<object> Samples() =>
    [
        new JobsetsSnapshot([new JobsetEntry(Definition, At, At, 4, [Record])], ["/nix/store/y-hello"]),
        new PathsPinned(["/nix/store/y-hello"]),
        new PathsUnpinned(["/nix/store/y-hello"]),
        new ChangePins(["/nix/store/y-hello"], true),
        new ListPins(),
        new PinsFound(["/nix/store/y-hello"]),
        new JobsetSaved(Definition, At),
        new JobsetRemoved("nightly"),
        new EvaluationStarted("nightly", 4, At, At),
        new EvaluationEvaluated("nightly", 4, "rev", "hash", null, [Job], At),
        new EvaluationSubmitted("nightly", 4, "0123456789abcdef0123456789abcdef"),
        new EvaluationFinished("nightly", 4, [Outcome], At),
        new SaveJobset(Definition),
        new JobsetSaveResult(false, ["bad name"]),
        new RemoveJobset("nightly"),
        new JobsetRemoveResult(true),
        new ListJobsets(),
        new JobsetList([new JobsetSummary(Definition, At, At, EvaluationSummary.Of(Record))]),
        new GetJobset("nightly"),
        new JobsetDetails(null, [EvaluationSummary.Of(Record)]),
        new EvaluateJobset("nightly"),
        new EvaluationAccepted(true, 4),
        new GetEvaluation("nightly", 0),
        new EvaluationFound(Record),
        new GetDiff("nightly", 1, 2),
        new DiffFound(new EvaluationDiff("nightly", 1, 2, [new DiffEntry("a", "d", null, "Failed", "Build", "x")], [], [], [], [], [], [], [], [new SlowerJob("a", 9, 3, 3, SlowdownReason.EmulatedNow, "b")]), null),
        new GetChannel("nightly"),
        new ChannelFound(true, 2, ["/nix/store/y-hello"]),
        new GetCacheRoots(),
        new CacheRootsFound(["/nix/store/y-hello"]),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryPersistedAndWireTypeRoundTripsUnderItsManifest(object sample)
    {
        var manifest = JobsetManifests.ManifestsByType[sample.GetType()];

        var back = JobsetsSerializer.Deserialize(JobsetsSerializer.Serialize(sample), manifest);

        Assert.Equal(Describe(sample), Describe(back));
    }

    [Fact]
    public void EveryManifestHasASample()
    {
        Assert.Equal(JobsetManifests.ManifestsByType.Keys.OrderBy(type => type.FullName), Samples().Cast<object[]>().Select(row => row[0].GetType()).OrderBy(type => type.FullName));
    }

    [Fact]
    public void UnknownManifestIsRefusedNamingIt()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => JobsetsSerializer.Deserialize(new byte[] { 0x90 }, "zz"));

        Assert.Contains("'zz'", error.Message, StringComparison.Ordinal);
    }

    // Records holding arrays compare by reference: compare their JSON instead.
    private static string Describe(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), WebhookPoster.Json);
}
