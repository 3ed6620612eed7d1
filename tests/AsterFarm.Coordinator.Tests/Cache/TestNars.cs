using System.Buffers.Binary;
using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Tests.Cache;

/// <summary>Hand-built NARs (valid and hostile) and unique store paths.</summary>
internal static class TestNars
{
    public static byte[] RegularFile(string contents) =>
        Build("nix-archive-1", "(", "type", "regular", "contents", contents, ")");

    public static byte[] Unique() => RegularFile($"contents {Guid.NewGuid()}\n");

    /// <summary>A directory with one entry named <c>..</c>: unpacking it naively would write outside the target.</summary>
    public static byte[] WithDotDotEntry() =>
        Build("nix-archive-1", "(", "type", "directory", "entry", "(", "name", "..", "node", "(", "type", "regular", "contents", "x", ")", ")", ")");

    public static StorePath UniquePath(string name = "pkg") =>
        StorePath.FromDigest(NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), name);

    private static byte[] Build(params string[] strings)
    {
        using var output = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        foreach (var text in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
            output.Write(length);
            output.Write(bytes);
            output.Write(new byte[(8 - (bytes.Length % 8)) % 8]);
        }

        return output.ToArray();
    }
}
