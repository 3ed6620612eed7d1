using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

public sealed class NarUnpackerNameTests
{
    // Found by the fuzzer: the unpacker once created files under the escaped name it uses in messages ("r\x01f").
    [Theory]
    [InlineData("r\u0001f")]
    [InlineData("tab\there")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    public void Unpacking_recreates_names_with_control_characters_and_backslashes_exactly(string name)
    {
        using var temp = new TempDirectory();
        var nar = TestNar.DirectoryWithFiles(name);
        var target = temp.Combine("tree");

        NarUnpacker.Unpack(new MemoryStream(nar), target);
        using var repacked = new MemoryStream();
        NarWriter.Write(target, repacked);

        Assert.Equal([name], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal(nar, repacked.ToArray());
    }
}
