using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

public sealed class NarReaderTests
{
    [Fact]
    public void Reader_reports_the_nodes_of_the_tree_vector_in_order()
    {
        using var reader = new NarReader(new MemoryStream(NarVectors.Read("tree.nar")));
        var events = new List<string>();

        while (reader.Read())
        {
            events.Add(reader.Kind switch
            {
                NarEventKind.RegularFile => $"file {reader.Path} {reader.FileSize} {(reader.IsExecutable ? "x" : "-")} {ReadAll(reader)}",
                NarEventKind.Symlink => $"link {reader.Path} {Encoding.UTF8.GetString(reader.SymlinkTarget)}",
                NarEventKind.DirectoryStart => $"dir {reader.Path} depth {reader.Depth}",
                _ => $"end {reader.Path}",
            });
        }

        Assert.Equal(
            [
                "dir / depth 0",
                "file /a.txt 3 - abc",
                "link /link a.txt",
                "file /run.sh 18 x #!/bin/sh\necho hi\n",
                "dir /sub depth 1",
                "file /sub/empty 0 - ",
                "end /sub",
                "end /",
            ],
            events);
        Assert.Equal(1072, reader.Offset);
    }

    [Theory]
    [MemberData(nameof(NarVectors.All), MemberType = typeof(NarVectors))]
    public void Unpacking_a_vector_and_packing_it_again_gives_the_same_bytes(string vector, long size, string sha256)
    {
        using var temp = new TempDirectory();
        var target = temp.Combine("out");
        var nar = NarVectors.Read(vector);

        var unpacked = NarUnpacker.Unpack(new MemoryStream(nar), target);
        using var repacked = new MemoryStream();
        NarWriter.Write(target, repacked);

        Assert.Equal(nar, repacked.ToArray());
        Assert.Equal(new NarHashAndSize(NixHash.Parse($"sha256:{sha256}"), size), unpacked);
    }

    [Fact]
    public void Every_corpus_nar_validates_and_the_cache_ones_hash_to_their_file_name()
    {
        var files = Directory.GetFiles(NarVectors.CorpusDirectory, "*.nar");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);

            var result = NarValidator.Validate(stream);

            Assert.True(result.IsValid, $"{file}: {result.Error?.Message}");
            Assert.Equal(new FileInfo(file).Length, result.HashAndSize.Value.NarSize);
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.Length == 52)
            {
                Assert.Equal(name, result.HashAndSize.Value.NarHash.ToBase32());
            }
        }
    }

    [Fact]
    public void Unpacking_restores_executable_bits_symlinks_and_contents()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("source");
        NarVectors.CreateTree("tree.nar", source);

        NarUnpacker.Unpack(new MemoryStream(NarVectors.Read("tree.nar")), temp.Combine("copy"));

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(temp.Combine("copy")));
    }

    [Fact]
    public void Unpacking_stores_an_absolute_symlink_verbatim_without_following_it()
    {
        using var temp = new TempDirectory();
        var outside = temp.Combine("outside");
        var nar = TestNar.Build(
            "nix-archive-1", "(", "type", "directory",
            "entry", "(", "name", "escape", "node", "(", "type", "symlink", "target", outside, ")", ")",
            ")");

        NarUnpacker.Unpack(new MemoryStream(nar), temp.Combine("out"));

        Assert.Equal(outside, new FileInfo(temp.Combine("out", "escape")).LinkTarget);
        Assert.False(Path.Exists(outside));
    }

    [Fact]
    public void Unpacking_refuses_an_existing_target_and_leaves_it_alone()
    {
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp.Combine("out"), "dangling");

        var error = Assert.Throws<IOException>(() =>
            NarUnpacker.Unpack(new MemoryStream(NarVectors.Read("hello.txt.nar")), temp.Combine("out")));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("dangling", new FileInfo(temp.Combine("out")).LinkTarget);
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Contents_left_unread_are_skipped_and_still_validated()
    {
        var nar = TestNar.Build(
            "nix-archive-1", "(", "type", "regular", "contents",
            TestNar.Length(3), new TestNar.Raw("abc\0\0\0\0\u0001"u8.ToArray()), ")");
        using var reader = new NarReader(new MemoryStream(nar));
        Assert.True(reader.Read());

        var error = Assert.Throws<NarFormatException>(() => reader.Read());

        Assert.Contains("non-zero padding", error.Message, StringComparison.Ordinal);
    }

    private static string ReadAll(NarReader reader)
    {
        using var contents = reader.OpenContents();
        using var copy = new MemoryStream();
        contents.CopyTo(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }
}
