namespace AsterFarm.Shared.Nar;

/// <summary>The fixed strings of the NAR grammar (nix-formats.md §6.2).</summary>
internal static class NarTokens
{
    public static ReadOnlySpan<byte> Magic => "nix-archive-1"u8;

    public static ReadOnlySpan<byte> Open => "("u8;

    public static ReadOnlySpan<byte> Close => ")"u8;

    public static ReadOnlySpan<byte> Type => "type"u8;

    public static ReadOnlySpan<byte> Regular => "regular"u8;

    public static ReadOnlySpan<byte> Executable => "executable"u8;

    public static ReadOnlySpan<byte> Contents => "contents"u8;

    public static ReadOnlySpan<byte> Symlink => "symlink"u8;

    public static ReadOnlySpan<byte> Target => "target"u8;

    public static ReadOnlySpan<byte> Directory => "directory"u8;

    public static ReadOnlySpan<byte> Entry => "entry"u8;

    public static ReadOnlySpan<byte> Name => "name"u8;

    public static ReadOnlySpan<byte> Node => "node"u8;

    /// <summary>Longest fixed token (<c>nix-archive-1</c>); a tag length beyond it is refused before reading.</summary>
    public const int MaxTokenLength = 13;

    /// <summary>Zero bytes up to the next multiple of 8.</summary>
    public static int PaddingFor(long length) => (int)((8 - (length & 7)) & 7);
}
