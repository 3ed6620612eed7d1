namespace AsterFarm.Shared.Derivations;

/// <summary>
/// Orders strings as Nix orders <c>std::string</c>s: byte-wise on their UTF-8 encoding, which is code-point
/// order. <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 code units instead and puts
/// supplementary characters (surrogate pairs, U+D800–U+DFFF) before U+E000–U+FFFF, unlike UTF-8.
/// </summary>
public sealed class Utf8OrdinalComparer : IComparer<string>
{
    public static readonly Utf8OrdinalComparer Instance = new();

    private Utf8OrdinalComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        return Compare(x.AsSpan(), y.AsSpan());
    }

    public static int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return CodePointRank(x[common]).CompareTo(CodePointRank(y[common]));
    }

    // Surrogates (which only occur in pairs in valid text and stand for code points above U+FFFF) must
    // sort after every other BMP unit: lift them above U+FFFF and keep U+E000–U+FFFF where they are.
    private static int CodePointRank(char c) => c >= '\uD800' && c <= '\uDFFF' ? c + 0x10000 : c;
}
