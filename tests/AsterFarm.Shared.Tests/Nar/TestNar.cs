using System.Buffers.Binary;
using System.Text;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>Builds NARs by hand, including broken ones: strings become NAR strings, <see cref="Raw"/> goes in verbatim.</summary>
internal static class TestNar
{
    /// <summary>Bytes inserted as they are, without a length or padding.</summary>
    public sealed record Raw(byte[] Bytes);

    public static Raw Length(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return new Raw(bytes);
    }

    /// <summary>Each part: a <see cref="string"/> (UTF-8) or <see cref="byte"/>[] as a NAR string, or a <see cref="Raw"/>.</summary>
    public static byte[] Build(params object[] parts)
    {
        using var output = new MemoryStream();
        foreach (var part in parts)
        {
            switch (part)
            {
                case Raw raw:
                    output.Write(raw.Bytes);
                    break;
                case string text:
                    WriteString(output, Encoding.UTF8.GetBytes(text));
                    break;
                case byte[] bytes:
                    WriteString(output, bytes);
                    break;
                default:
                    throw new ArgumentException($"unsupported part {part}", nameof(parts));
            }
        }

        return output.ToArray();
    }

    /// <summary>A NAR of a directory with one regular file per name, in the order given (sorted or not).</summary>
    public static byte[] DirectoryWithFiles(params object[] names)
    {
        var parts = new List<object> { "nix-archive-1", "(", "type", "directory" };
        foreach (var name in names)
        {
            parts.AddRange(["entry", "(", "name", name, "node", "(", "type", "regular", "contents", "x", ")", ")"]);
        }

        parts.Add(")");
        return Build([.. parts]);
    }

    public static byte[] RegularFile(string contents) =>
        Build("nix-archive-1", "(", "type", "regular", "contents", contents, ")");

    private static void WriteString(Stream output, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
        output.Write(length);
        output.Write(bytes);
        output.Write(new byte[(8 - (bytes.Length % 8)) % 8]);
    }
}
