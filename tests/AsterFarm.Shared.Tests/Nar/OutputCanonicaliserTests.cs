using AsterFarm.Shared.FileSystem;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

public sealed class OutputCanonicaliserTests
{
    [Fact]
    public void Canonicalising_sets_store_modes_and_mtime_and_leaves_symlinks_and_the_nar_alone()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("out");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.WriteAllText(Path.Combine(root, "bin", "tool"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(root, "bin", "tool"), (UnixFileMode)Convert.ToInt32("4775", 8));
        File.WriteAllText(Path.Combine(root, "data"), "d");
        File.SetUnixFileMode(Path.Combine(root, "data"), (UnixFileMode)Convert.ToInt32("2664", 8));
        File.CreateSymbolicLink(Path.Combine(root, "link"), "data");
        var narBefore = NarWriter.Hash(root);

        OutputCanonicaliser.Canonicalise(root);

        Assert.Equal("555", Octal(root));
        Assert.Equal("555", Octal(Path.Combine(root, "bin")));
        Assert.Equal("555", Octal(Path.Combine(root, "bin", "tool")));
        Assert.Equal("444", Octal(Path.Combine(root, "data")));
        Assert.Equal(FileKind.Symlink, LinuxFileSystem.LStat(Path.Combine(root, "link")).Kind);
        foreach (var path in new[] { root, Path.Combine(root, "bin", "tool"), Path.Combine(root, "data"), Path.Combine(root, "link") })
        {
            Assert.Equal(DateTime.UnixEpoch.AddSeconds(1), new FileInfo(path).LastWriteTimeUtc);
        }

        Assert.Equal(narBefore, NarWriter.Hash(root));
    }

    private static string Octal(string path) =>
        Convert.ToString((int)LinuxFileSystem.LStat(path).Mode, 8);
}
