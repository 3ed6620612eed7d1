using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Tests.BinaryCache;

public sealed class GarbageCollectionPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CacheEntry Entry(string name, int accessedMinute, params string[] references) =>
        new(name, references, new NarFileName(NixHash.Sha256(name), NarCompression.Zstd), 100, T0.AddMinutes(accessedMinute));

    [Fact]
    public void Nothing_is_evicted_under_the_cap_or_without_one()
    {
        CacheEntry[] entries = [Entry("a", 0), Entry("b", 1)];

        Assert.Empty(GarbageCollectionPlanner.Plan(entries, [], maxBytes: 200));
        Assert.Empty(GarbageCollectionPlanner.Plan(entries, [], maxBytes: null));
    }

    [Fact]
    public void Least_recently_used_paths_go_first_until_under_the_cap()
    {
        CacheEntry[] entries = [Entry("new", 30), Entry("old", 10), Entry("middle", 20)];

        Assert.Equal(["old", "middle"], GarbageCollectionPlanner.Plan(entries, [], maxBytes: 100));
    }

    [Fact]
    public void Closures_of_roots_are_never_evicted()
    {
        CacheEntry[] entries = [Entry("app", 0, "lib"), Entry("lib", 0, "libc"), Entry("libc", 0), Entry("other", 50)];

        Assert.Equal(["other"], GarbageCollectionPlanner.Plan(entries, ["app"], maxBytes: 0));
    }

    [Fact]
    public void A_path_is_evicted_only_after_everything_that_refers_to_it()
    {
        // lib is the least recently used, but app (recent) still refers to it.
        CacheEntry[] entries = [Entry("app", 40, "lib", "app"), Entry("lib", 1), Entry("tool", 20)];

        Assert.Equal(["tool", "app"], GarbageCollectionPlanner.Plan(entries, [], maxBytes: 100));
        Assert.Equal(["tool", "app", "lib"], GarbageCollectionPlanner.Plan(entries, [], maxBytes: 0));
    }

    [Fact]
    public void A_path_a_kept_path_refers_to_transitively_survives_any_cap()
    {
        CacheEntry[] entries = [Entry("root", 100, "mid"), Entry("mid", 0, "leaf"), Entry("leaf", 0)];

        Assert.Empty(GarbageCollectionPlanner.Plan(entries, ["root"], maxBytes: 0));
    }
}
