using System.Net.Sockets;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.Tests.Nar;

public sealed class NarWriterTests
{
    [Theory]
    [MemberData(nameof(NarVectors.All), MemberType = typeof(NarVectors))]
    public void Writer_reproduces_the_nar_real_nix_made_byte_for_byte(string vector, long size, string sha256)
    {
        using var temp = new TempDirectory();
        var tree = temp.Combine("input");
        NarVectors.CreateTree(vector, tree);
        using var output = new MemoryStream();

        var result = NarWriter.Write(tree, output);

        Assert.Equal(NarVectors.Read(vector), output.ToArray());
        Assert.Equal(size, result.NarSize);
        Assert.Equal(NixHash.Parse($"sha256:{sha256}"), result.NarHash);
        Assert.Equal(result, NarWriter.Hash(tree));
    }

    [Fact]
    public void Writer_ignores_a_trailing_slash_on_the_root()
    {
        using var temp = new TempDirectory();
        var tree = temp.Combine("tree");
        NarVectors.CreateTree("tree.nar", tree);

        Assert.Equal(NarWriter.Hash(tree), NarWriter.Hash(tree + "/"));
    }

    [Fact]
    public void Writer_refuses_a_socket_and_names_its_path()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("d"));
        var socketPath = temp.Combine("d", "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        var error = Assert.Throws<NarUnsupportedFileException>(() => NarWriter.Hash(temp.Combine("d")));

        Assert.Equal(socketPath, error.FilePath);
        Assert.Contains(socketPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_refuses_a_missing_path()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<IOException>(() => NarWriter.Hash(temp.Combine("absent")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_streams_a_file_larger_than_its_buffer()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("big");
        var contents = new byte[(3 * NarWriter.BufferSize) + 5];
        new Random(7).NextBytes(contents);
        File.WriteAllBytes(file, contents);
        using var output = new MemoryStream();

        NarWriter.Write(file, output);

        var expected = TestNar.Build("nix-archive-1", "(", "type", "regular", "contents", contents, ")");
        Assert.Equal(expected, output.ToArray());
    }
}
