namespace AsterFarm.Shared.Hashing;

/// <summary>
/// Nix's base32: alphabet without e, o, u, t; the bytes read as one little-endian integer and
/// printed most significant 5-bit group first (nix-formats.md §1.3).
/// </summary>
public static class NixBase32
{
    public const string Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

    private static readonly sbyte[] DigitOf = BuildDigitTable();

    public static int EncodedLength(int byteCount) => (byteCount * 8 + 4) / 5;

    public static bool IsDigit(byte c) => DigitOf[c] >= 0;

    public static bool IsDigit(char c) => c < 128 && DigitOf[c] >= 0;

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var length = EncodedLength(bytes.Length);
        return string.Create(length, bytes.ToArray(), static (chars, data) => Encode(data, chars));
    }

    /// <summary>Encodes into <paramref name="destination"/>, which must be exactly the encoded length.</summary>
    public static void Encode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        var length = EncodedLength(bytes.Length);
        if (destination.Length != length)
        {
            throw new ArgumentException($"destination must hold exactly {length} characters", nameof(destination));
        }

        for (var k = length - 1; k >= 0; k--)
        {
            var bit = k * 5;
            var i = bit / 8;
            var j = bit % 8;
            var c = bytes[i] >> j;
            if (i + 1 < bytes.Length)
            {
                c |= bytes[i + 1] << (8 - j);
            }

            destination[length - 1 - k] = Alphabet[c & 31];
        }
    }

    /// <summary>
    /// Decodes <paramref name="text"/> into exactly <paramref name="destination"/>.Length bytes. Fails on a character
    /// outside the alphabet, a wrong length, or bits set beyond the last byte (as Nix does).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length != EncodedLength(destination.Length))
        {
            return false;
        }

        destination.Clear();
        for (var n = 0; n < text.Length; n++)
        {
            var ch = text[text.Length - 1 - n];
            if (ch >= 128 || DigitOf[ch] < 0)
            {
                return false;
            }

            var digit = DigitOf[ch];
            var bit = n * 5;
            var i = bit / 8;
            var j = bit % 8;
            destination[i] |= (byte)(digit << j);
            var carry = digit >> (8 - j);
            if (i + 1 < destination.Length)
            {
                destination[i + 1] |= (byte)carry;
            }
            else if (carry != 0)
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Decode(ReadOnlySpan<char> text, int byteCount)
    {
        var bytes = new byte[byteCount];
        return TryDecode(text, bytes)
            ? bytes
            : throw new FormatException($"invalid base-32 string '{text}' for {byteCount} bytes");
    }

    private static sbyte[] BuildDigitTable()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
