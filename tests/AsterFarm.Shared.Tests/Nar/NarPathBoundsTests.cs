using AsterFarm.Shared.Nar;
using CsCheck;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>
/// Deep NARs with long names: the reader's memory grows by a small constant per level plus the path itself, never with
/// depth × path length, and a path longer than the limit is refused naming it.
/// </summary>
public sealed class NarPathBoundsTests
{
    [Fact]
    public void A_path_longer_than_the_limit_is_refused_without_allocating_per_level_copies_of_it()
    {
        // 64 levels of 4096-byte names: a 262 KB path, refused once it passes the default limit.
        var nar = NestedDirectories(depth: 64, nameLength: 4096);
        using var reader = new NarReader(new MemoryStream(nar));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<NarFormatException>(() => ReadToEnd(reader));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("path of", error.Message, StringComparison.Ordinal);
        Assert.Contains($"longer than the limit of {NarReaderOptions.Default.MaxPathLength}", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 << 20, $"refusing the deep NAR allocated {allocated} bytes, expected under 4 MiB");
    }

    [Fact]
    public void Reading_a_deep_nar_within_the_limits_allocates_a_small_constant_per_level()
    {
        // 1000 levels of 60-byte names: a 61,000-byte path, within every default limit.
        var nar = NestedDirectories(depth: 1000, nameLength: 60);
        using var reader = new NarReader(new MemoryStream(nar));
        var before = GC.GetAllocatedBytesForCurrentThread();

        ReadToEnd(reader);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2 << 20, $"reading 1000 levels allocated {allocated} bytes, expected under 2 MiB (no per-level path copies)");
    }

    [Fact]
    public void The_path_of_a_deep_entry_is_still_reported_in_full()
    {
        var nar = NestedDirectories(depth: 3, nameLength: 2);
        using var reader = new NarReader(new MemoryStream(nar));
        var paths = new List<string>();
        while (reader.Read())
        {
            paths.Add($"{reader.Kind} {reader.Path} {reader.Depth}");
        }

        Assert.Equal(
            [
                "DirectoryStart / 0", "DirectoryStart /aa 1", "DirectoryStart /aa/aa 2", "DirectoryStart /aa/aa/aa 3",
                "DirectoryEnd /aa/aa/aa 3", "DirectoryEnd /aa/aa 2", "DirectoryEnd /aa 1", "DirectoryEnd / 0",
            ],
            paths);
    }

    [Fact]
    public void Random_deep_trees_are_accepted_exactly_when_within_both_limits_and_refusals_name_the_limit()
    {
        var cases =
            from names in Gen.Int[1, 200].Array[0, 40]
            from maxDepth in Gen.Int[0, 40]
            from maxPathLength in Gen.Int[2, 4000]
            select (names, maxDepth, maxPathLength);

        cases.Sample(
            sample =>
            {
                var (names, maxDepth, maxPathLength) = sample;
                var nar = Spine(names);
                var options = new NarReaderOptions { MaxDepth = maxDepth, MaxPathLength = maxPathLength };
                var expected = ExpectedRefusal(names, maxDepth, maxPathLength);
                var before = GC.GetAllocatedBytesForCurrentThread();

                var result = NarValidator.Validate(new MemoryStream(nar), options);

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 1 << 20, $"validating a {names.Length}-level NAR allocated {allocated} bytes");
                if (expected is null)
                {
                    Assert.True(result.IsValid, result.IsValid ? null : result.Error.Message);
                }
                else
                {
                    Assert.False(result.IsValid, $"expected a refusal mentioning '{expected}'");
                    Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
                }
            },
            iter: 3_000);
    }

    // What the reader checks in NAR order: each directory's entry path against the path limit, then its depth; then the
    // file at the bottom, '/f'.
    private static string? ExpectedRefusal(int[] names, int maxDepth, int maxPathLength)
    {
        var pathLength = 0;
        for (var depth = 1; depth <= names.Length; depth++)
        {
            pathLength += 1 + names[depth - 1];
            if (pathLength > maxPathLength)
            {
                return $"is {pathLength} bytes, longer than the limit of {maxPathLength}";
            }

            if (depth > maxDepth)
            {
                return $"nested deeper than {maxDepth}";
            }
        }

        return pathLength + 2 > maxPathLength ? $"is {pathLength + 2} bytes, longer than the limit of {maxPathLength}" : null;
    }

    // Nested directories named by the given lengths ('a', 'b', … per level), a regular file 'f' at the bottom.
    private static byte[] Spine(int[] nameLengths)
    {
        var parts = new List<object> { "nix-archive-1", "(", "type", "directory" };
        for (var i = 0; i < nameLengths.Length; i++)
        {
            parts.AddRange(["entry", "(", "name", new string((char)('a' + (i % 26)), nameLengths[i]), "node", "(", "type", "directory"]);
        }

        parts.AddRange(["entry", "(", "name", "f", "node", "(", "type", "regular", "contents", "x", ")", ")"]);
        for (var i = 0; i < nameLengths.Length; i++)
        {
            parts.AddRange([")", ")"]);
        }

        parts.Add(")");
        return TestNar.Build([.. parts]);
    }

    /// <summary>A root directory holding <paramref name="depth"/> directories nested in one another, each named with <paramref name="nameLength"/> 'a's.</summary>
    internal static byte[] NestedDirectories(int depth, int nameLength)
    {
        var name = new string('a', nameLength);
        var parts = new List<object> { "nix-archive-1", "(", "type", "directory" };
        for (var i = 0; i < depth; i++)
        {
            parts.AddRange(["entry", "(", "name", name, "node", "(", "type", "directory"]);
        }

        for (var i = 0; i < depth; i++)
        {
            parts.AddRange([")", ")"]);
        }

        parts.Add(")");
        return TestNar.Build([.. parts]);
    }

    private static void ReadToEnd(NarReader reader)
    {
        while (reader.Read())
        {
        }
    }
}
