using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class RangeDigestsTests
{
    private static readonly string[] Keys = RingMembers.HashParts(500);

    [Fact]
    public void Equal_sets_have_equal_digests_whatever_their_order()
    {
        var a = RangeDigests.Compute(Keys, 1);
        var b = RangeDigests.Compute(Keys.Reverse(), 1);

        Assert.Empty(RangeDigests.Differing(a, b));
        Assert.Equal(Keys.Length, a.Values.Sum(d => d.Count));
    }

    [Fact]
    public void A_missing_key_makes_exactly_its_range_differ_and_the_range_diff_names_it()
    {
        var missing = Keys[17];
        var mine = RangeDigests.Compute(Keys, 2);
        var theirs = RangeDigests.Compute(Keys.Where(k => k != missing), 2);

        var differing = RangeDigests.Differing(mine, theirs);

        Assert.Equal([KeyRanges.RangeOf(missing, 2)], differing);
        Assert.Equal([missing], RangeDigests.MissingIn(Keys, Keys.Where(k => k != missing), differing[0]));
    }

    [Fact]
    public void A_range_only_one_side_has_differs()
    {
        var mine = RangeDigests.Compute(Keys[..1], 2);
        var theirs = RangeDigests.Compute([], 2);

        Assert.Equal([KeyRanges.RangeOf(Keys[0], 2)], RangeDigests.Differing(mine, theirs));
    }

    [Fact]
    public void Digests_round_trip_through_their_wire_text()
    {
        var digests = RangeDigests.Compute(Keys, 2);

        var parsed = RangeDigests.Parse(RangeDigests.Print(digests.Values));

        Assert.Empty(RangeDigests.Differing(digests, parsed));
        Assert.Equal(digests.Count, parsed.Count);
    }

    [Theory]
    [InlineData(32, 1)]
    [InlineData(1024, 2)]
    [InlineData(32768, 3)]
    public void Range_counts_are_powers_of_32(int rangeCount, int prefixLength) =>
        Assert.Equal(prefixLength, KeyRanges.PrefixLength(rangeCount));

    [Fact]
    public void Other_range_counts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRanges.PrefixLength(1000));
}
