using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using CsCheck;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>Our NAR writer and unpacker against real Nix 2.8's <c>nix-store --dump/--restore</c> and <c>nix-hash</c>.</summary>
public sealed class NarMatchesNixTests
{
    // 😀 (U+1F600) sorts after U+E000 byte-wise but before it in UTF-16 ordinal order: the classic trap.
    private static readonly string[] Names =
        ["a", "B", "Z", "_", "10", "9", ".hidden", "with space", "~tilde", "é", "\uE000", "😀", "日本", "x-y", "a.b", "-", "--"];

    [Fact]
    public void Our_nar_of_a_varied_tree_equals_nix_store_dump_and_nix_hash()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("tree");
        Directory.CreateDirectory(root);
        WriteFile(Path.Combine(root, "empty"), [], executable: false);
        WriteFile(Path.Combine(root, "run"), "#!/bin/sh\n"u8.ToArray(), executable: true);
        File.CreateSymbolicLink(Path.Combine(root, "abs"), "/nix/store/00000000000000000000000000000000-x");
        File.CreateSymbolicLink(Path.Combine(root, "rel"), "../tree/run");
        File.CreateSymbolicLink(Path.Combine(root, "dangling"), "does/not/exist");
        var big = new byte[(3 << 20) + 13];
        new Random(3).NextBytes(big);
        WriteFile(Path.Combine(root, "big"), big, executable: false);
        foreach (var name in Names)
        {
            WriteFile(Path.Combine(root, name), Encoding.UTF8.GetBytes(name), executable: name.Length % 2 == 0);
        }

        var deep = root;
        for (var i = 0; i < 40; i++)
        {
            deep = Directory.CreateDirectory(Path.Combine(deep, $"d{i}")).FullName;
        }

        Directory.CreateDirectory(Path.Combine(root, "emptydir"));
        WriteFile(Path.Combine(deep, "leaf"), "leaf"u8.ToArray(), executable: false);

        AssertSameAsNix(root);
    }

    [Fact]
    public void Random_trees_serialise_exactly_as_nix_store_dump()
    {
        using var temp = new TempDirectory();
        var count = 0;
        Gen.Int.Sample(
            seed =>
            {
                var root = temp.Combine($"t{count++}");
                BuildRandomTree(new Random(seed), root, depth: 0);
                AssertSameAsNix(root);
            },
            iter: 25,
            threads: 1);
    }

    [Fact]
    public void Our_unpacker_restores_nix_store_dump_output_as_nix_store_restore_does()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("tree");
        BuildRandomTree(new Random(11), root, depth: 0);
        var nar = NixTool.RunBytes("nix-store", ["--dump", root]);

        var ours = NarUnpacker.Unpack(new MemoryStream(nar), temp.Combine("ours"));
        NixTool.RunBytes("nix-store", ["--restore", temp.Combine("theirs")], stdin: nar);

        Assert.Equal(nar, NixTool.RunBytes("nix-store", ["--dump", temp.Combine("ours")]));
        Assert.Equal(NixHash.Sha256(nar), ours.NarHash);
        Assert.Equal(Modes(temp.Combine("theirs")), Modes(temp.Combine("ours")));
    }

    [Fact]
    public void Our_unpacker_restores_names_and_symlink_targets_that_are_not_utf8_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("tree");
        // Linux names are bytes: 0xFF, 0xFE and 0x80 are no UTF-8, yet Nix archives and restores them.
        NixTool.Run("/bin/sh", "-c",
            "mkdir \"$1\" && cd \"$1\" && n=$(printf 'a\\377b') && d=$(printf 'd\\376') && echo one > \"$n\" && mkdir \"$d\" && "
            + "echo two > \"$d/$(printf '\\200')\" && ln -s \"$n\" link && ln -s \"$(printf 'x\\377')\" \"$(printf 'l\\375')\"",
            "sh", root);
        var nar = NixTool.RunBytes("nix-store", ["--dump", root]);
        Assert.Contains((byte)0xff, nar);

        var ours = NarUnpacker.Unpack(new MemoryStream(nar), temp.Combine("ours"));

        Assert.Equal(nar, NixTool.RunBytes("nix-store", ["--dump", temp.Combine("ours")]));
        Assert.Equal(NixHash.Sha256(nar), ours.NarHash);
    }

    private static void AssertSameAsNix(string root)
    {
        using var ours = new MemoryStream();
        var result = NarWriter.Write(root, ours);

        var theirs = NixTool.RunBytes("nix-store", ["--dump", root]);
        var nixHash = NixTool.Run("nix-hash", "--type", "sha256", "--base32", root).Trim();

        Assert.True(theirs.AsSpan().SequenceEqual(ours.ToArray()), $"NAR of {root} differs from nix-store --dump");
        Assert.Equal(nixHash, result.NarHash.ToBase32());
        Assert.Equal(theirs.Length, result.NarSize);
    }

    private static void BuildRandomTree(Random random, string path, int depth)
    {
        Directory.CreateDirectory(path);
        var entries = random.Next(depth == 0 ? 1 : 0, 6);
        foreach (var name in Names.OrderBy(_ => random.Next()).Take(entries))
        {
            var child = Path.Combine(path, name);
            switch (random.Next(depth < 4 ? 4 : 3))
            {
                case 0:
                    var contents = new byte[random.Next(3) switch { 0 => 0, 1 => random.Next(1, 64), _ => random.Next(1, 70_000) }];
                    random.NextBytes(contents);
                    WriteFile(child, contents, executable: random.Next(2) == 0);
                    break;
                case 1:
                    File.CreateSymbolicLink(child, random.Next(3) switch { 0 => "/nix/store/abc", 1 => "../" + name, _ => Names[random.Next(Names.Length)] });
                    break;
                case 2:
                    WriteFile(child, Encoding.UTF8.GetBytes(name), executable: false);
                    break;
                default:
                    BuildRandomTree(random, child, depth + 1);
                    break;
            }
        }
    }

    private static void WriteFile(string path, byte[] contents, bool executable)
    {
        File.WriteAllBytes(path, contents);
        File.SetUnixFileMode(path, executable ? (UnixFileMode)Convert.ToInt32("755", 8) : (UnixFileMode)Convert.ToInt32("644", 8));
    }

    private static List<string> Modes(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => new FileInfo(p).LinkTarget is null)
            .Select(p => $"{Path.GetRelativePath(root, p)} {Convert.ToString((int)File.GetUnixFileMode(p), 8)}")
            .Order(StringComparer.Ordinal)];
}
