using System.Buffers.Binary;
using System.Text;
using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Integration.Tests.Cache.Hostile;

/// <summary>Hand-built NARs for hostile uploads: a plain file, nested long names, a decompression bomb.</summary>
internal static class Nars
{
    public static byte[] RegularFile(byte[] contents) => Build(["nix-archive-1", "(", "type", "regular", "contents"], contents, [")"]);

    /// <summary><paramref name="depth"/> directories in one another, each named with <paramref name="nameLength"/> 'a's.</summary>
    public static byte[] NestedDirectories(int depth, int nameLength)
    {
        var parts = new List<string> { "nix-archive-1", "(", "type", "directory" };
        var name = new string('a', nameLength);
        for (var i = 0; i < depth; i++)
        {
            parts.AddRange(["entry", "(", "name", name, "node", "(", "type", "directory"]);
        }

        parts.AddRange(Enumerable.Repeat(")", (2 * depth) + 1));
        return Build([.. parts], null, []);
    }

    public static byte[] Compress(byte[] nar)
    {
        using var output = new MemoryStream();
        using (var compressor = NarCompression.Zstd.OpenCompression(output))
        {
            compressor.Write(nar);
        }

        return output.ToArray();
    }

    /// <summary>A zstd NAR of one 256 MiB file of zeros: some KB that expand far beyond any real ratio.</summary>
    public static byte[] ZeroFileBomb()
    {
        const long size = 256L << 20;
        using var output = new MemoryStream();
        using (var compressor = NarCompression.Zstd.OpenCompression(output))
        {
            compressor.Write(Build(["nix-archive-1", "(", "type", "regular", "contents"], null, []));
            var length = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, size);
            compressor.Write(length);
            var chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.Length)
            {
                compressor.Write(chunk);
            }

            compressor.Write(Build([")"], null, []));
        }

        return output.ToArray();
    }

    // NAR strings for each part, then the contents (if any) as one more, then the rest.
    private static byte[] Build(string[] before, byte[]? contents, string[] after)
    {
        using var output = new MemoryStream();
        foreach (var part in before)
        {
            Write(output, Encoding.UTF8.GetBytes(part));
        }

        if (contents is not null)
        {
            Write(output, contents);
        }

        foreach (var part in after)
        {
            Write(output, Encoding.UTF8.GetBytes(part));
        }

        return output.ToArray();
    }

    private static void Write(Stream output, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
        output.Write(length);
        output.Write(bytes);
        output.Write(new byte[(8 - (bytes.Length % 8)) % 8]);
    }
}
