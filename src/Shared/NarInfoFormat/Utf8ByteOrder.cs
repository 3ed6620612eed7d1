namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>
/// Orders strings as C++ <c>std::string</c> orders their UTF-8 bytes, which is how Nix sorts the <c>Sig</c> lines
/// (a <c>std::set&lt;std::string&gt;</c>). Comparing Unicode scalar values gives the same order;
/// plain UTF-16 ordinal comparison would not for characters above U+FFFF.
/// </summary>
public sealed class Utf8ByteOrder : IComparer<string>
{
    public static readonly Utf8ByteOrder Instance = new();

    private Utf8ByteOrder()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
