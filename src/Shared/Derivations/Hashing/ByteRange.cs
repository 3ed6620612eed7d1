namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>A slice of a <c>.drv</c> file's bytes: the contents of a quoted string, without the quotes.</summary>
internal readonly record struct ByteRange(int Start, int Length)
{
    public static readonly ByteRange None = new(-1, 0);

    public int End => Start + Length;

    public bool IsNone => Start < 0;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> bytes) => bytes.Slice(Start, Length);
}
