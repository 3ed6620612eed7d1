using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>Malformed and malicious NARs: each is refused with a clear message, and unpacking leaves nothing behind.</summary>
public sealed class HostileNarTests
{
    private static readonly TestNar.Raw OneBytePaddedBad = new([(byte)'x', 0, 0, 0, 0, 0, 0, 7]);

    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "dot", TestNar.DirectoryWithFiles("."), "entry name '.' is not allowed" },
        { "dotdot", TestNar.DirectoryWithFiles(".."), "entry name '..' is not allowed" },
        { "slash", TestNar.DirectoryWithFiles("a/b"), "contains '/'" },
        { "nul", TestNar.DirectoryWithFiles("a\0b"), "contains a NUL byte" },
        { "empty name", TestNar.DirectoryWithFiles(string.Empty), "empty entry name" },
        { "duplicate", TestNar.DirectoryWithFiles("a", "a"), "duplicate entry name 'a'" },
        { "unsorted", TestNar.DirectoryWithFiles("b", "a"), "not sorted: 'a' follows 'b'" },
        // 'é' (C3 A9) sorts after 'z' byte-wise but before it in UTF-16 only if compared wrongly; this order is wrong.
        { "unsorted utf8", TestNar.DirectoryWithFiles("é", "z"), "not sorted" },
        { "bad magic", TestNar.Build("nix-archive-2", "(", "type", "regular", "contents", "", ")"), "expected the NAR magic" },
        { "empty stream", [], "unexpected end of NAR at byte 0" },
        {
            "non-zero padding in contents",
            TestNar.Build("nix-archive-1", "(", "type", "regular", "contents", TestNar.Length(1), OneBytePaddedBad, ")"),
            "non-zero padding"
        },
        {
            "non-zero padding in a tag",
            [.. TestNar.Build("nix-archive-1"), .. TestNar.Length(1).Bytes, (byte)'(', 0, 0, 1, 0, 0, 0, 0],
            "non-zero padding"
        },
        { "unknown node type", TestNar.Build("nix-archive-1", "(", "type", "fifo", ")"), "unknown node type 'fifo'" },
        { "unknown tag", TestNar.Build("nix-archive-1", "(", "type", "regular", "mode", "", ")"), "expected 'contents'" },
        {
            "unknown tag in directory",
            TestNar.Build("nix-archive-1", "(", "type", "directory", "entries", ")"),
            "expected 'entry' or ')'"
        },
        {
            "executable not followed by empty string",
            TestNar.Build("nix-archive-1", "(", "type", "regular", "executable", "yes", "contents", "", ")"),
            "'executable' must be followed by an empty string"
        },
        {
            "executable after contents",
            TestNar.Build("nix-archive-1", "(", "type", "regular", "contents", "", "executable", "", ")"),
            "expected ')' after the contents"
        },
        { "regular without contents", TestNar.Build("nix-archive-1", "(", "type", "regular", ")"), "expected 'contents'" },
        {
            "name after node",
            TestNar.Build("nix-archive-1", "(", "type", "directory", "entry", "(", "node", "(", "type", "regular", "contents", "", ")", "name", "a", ")", ")"),
            "expected 'name'"
        },
        { "trailing garbage", [.. TestNar.RegularFile("x"), 0], "trailing data after the end of the NAR" },
        { "a second root", [.. TestNar.RegularFile("x"), .. TestNar.RegularFile("x")], "trailing data" },
        {
            "huge tag length",
            [.. TestNar.Build("nix-archive-1"), .. TestNar.Length(ulong.MaxValue).Bytes],
            "a NAR tag of 18446744073709551615 bytes is longer than the limit"
        },
        {
            "huge name length",
            [.. TestNar.Build("nix-archive-1", "(", "type", "directory", "entry", "(", "name"), .. TestNar.Length(1UL << 40).Bytes],
            "an entry name of 1099511627776 bytes is longer than the limit of 4096"
        },
        {
            "huge symlink target length",
            [.. TestNar.Build("nix-archive-1", "(", "type", "symlink", "target"), .. TestNar.Length(1UL << 62).Bytes],
            "longer than the limit of 4096"
        },
        {
            "contents length beyond long",
            [.. TestNar.Build("nix-archive-1", "(", "type", "regular", "contents"), .. TestNar.Length(ulong.MaxValue).Bytes],
            "is absurd"
        },
        {
            "huge contents length, truncated",
            [.. TestNar.Build("nix-archive-1", "(", "type", "regular", "contents"), .. TestNar.Length(1UL << 50).Bytes, 1, 2, 3],
            "unexpected end of NAR at byte 99"
        },
        { "empty symlink target", TestNar.Build("nix-archive-1", "(", "type", "symlink", "target", "", ")"), "symlink target of '/' is empty" },
        { "symlink with extra field", TestNar.Build("nix-archive-1", "(", "type", "symlink", "target", "a", "target", "b", ")"), "expected ')' after the symlink target" },
        { "missing root close", TestNar.Build("nix-archive-1", "(", "type", "directory"), "unexpected end of NAR at byte 80" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reader_and_unpacker_refuse_a_hostile_nar_and_leave_no_tree(string name, byte[] nar, string expected)
    {
        var readError = Assert.Throws<NarFormatException>(() => ReadToEnd(nar));
        Assert.Contains(expected, readError.Message, StringComparison.Ordinal);

        using var temp = new TempDirectory();
        var unpackError = Assert.Throws<NarFormatException>(() => NarUnpacker.Unpack(new MemoryStream(nar), temp.Combine("out")));
        Assert.Equal(readError.Message, unpackError.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));

        var validation = NarValidator.Validate(new MemoryStream(nar));
        Assert.False(validation.IsValid, name);
        Assert.Equal(readError.Offset, validation.Error.Offset);
    }

    [Fact]
    public void Reader_names_the_entry_path_of_a_bad_name_deep_inside()
    {
        var nar = TestNar.Build(
            "nix-archive-1", "(", "type", "directory",
            "entry", "(", "name", "sub", "node", "(", "type", "directory",
            "entry", "(", "name", "..", "node", "(", "type", "regular", "contents", "", ")", ")",
            ")", ")", ")");

        var error = Assert.Throws<NarFormatException>(() => ReadToEnd(nar));

        Assert.Contains("'/sub/..'", error.Message, StringComparison.Ordinal);
        Assert.Equal(nar.AsSpan().IndexOf("\u0002\0\0\0\0\0\0\0..\0\0\0\0\0\0"u8), error.Offset);
    }

    [Fact]
    public void Reader_refuses_nesting_deeper_than_the_limit()
    {
        var parts = new List<object> { "nix-archive-1" };
        const int depth = 12;
        for (var i = 0; i <= depth; i++)
        {
            parts.AddRange(["(", "type", "directory", "entry", "(", "name", "d", "node"]);
        }

        parts.AddRange(["(", "type", "directory", ")"]);
        var nar = TestNar.Build([.. parts]);

        var error = Assert.Throws<NarFormatException>(() => ReadToEnd(nar, new NarReaderOptions { MaxDepth = depth }));

        Assert.Contains($"nested deeper than {depth}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_at_every_byte_of_a_valid_nar_is_refused_with_its_offset_and_leaves_no_tree()
    {
        var nar = NarVectors.Read("tree.nar");
        using var temp = new TempDirectory();
        for (var length = 0; length < nar.Length; length++)
        {
            var truncated = nar.AsSpan(0, length).ToArray();

            var error = Assert.Throws<NarFormatException>(() => NarUnpacker.Unpack(new MemoryStream(truncated), temp.Combine("out")));

            Assert.Equal($"invalid NAR at byte {length}: unexpected end of NAR at byte {length}", error.Message);
            Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        }
    }

    [Fact]
    public void A_huge_length_field_is_refused_without_allocating_it()
    {
        var nar = (byte[])[.. TestNar.Build("nix-archive-1", "(", "type", "symlink", "target"), .. TestNar.Length(int.MaxValue).Bytes];
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<NarFormatException>(() => ReadToEnd(nar));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "reading allocated more than 4 MiB");
    }

    private static void ReadToEnd(byte[] nar, NarReaderOptions? options = null)
    {
        using var reader = new NarReader(new MemoryStream(nar), options);
        while (reader.Read())
        {
        }
    }
}
