namespace AsterFarm.Shared.Hashing;

/// <summary>The hash algorithms Nix 2.8 knows.</summary>
public enum HashAlgo
{
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>Names, sizes and encoded lengths of <see cref="HashAlgo"/> values, as Nix prints them.</summary>
public static class HashAlgoInfo
{
    /// <summary>Digest size in bytes.</summary>
    public static int Size(this HashAlgo algo) => algo switch
    {
        HashAlgo.Md5 => 16,
        HashAlgo.Sha1 => 20,
        HashAlgo.Sha256 => 32,
        HashAlgo.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algo), algo, "unknown hash algorithm"),
    };

    /// <summary>The lowercase name Nix uses (<c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>sha512</c>).</summary>
    public static string Name(this HashAlgo algo) => algo switch
    {
        HashAlgo.Md5 => "md5",
        HashAlgo.Sha1 => "sha1",
        HashAlgo.Sha256 => "sha256",
        HashAlgo.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(algo), algo, "unknown hash algorithm"),
    };

    public static int Base16Length(this HashAlgo algo) => algo.Size() * 2;

    public static int Base32Length(this HashAlgo algo) => NixBase32.EncodedLength(algo.Size());

    public static int Base64Length(this HashAlgo algo) => (algo.Size() + 2) / 3 * 4;

    public static bool TryParse(ReadOnlySpan<char> name, out HashAlgo algo)
    {
        switch (name)
        {
            case "md5": algo = HashAlgo.Md5; return true;
            case "sha1": algo = HashAlgo.Sha1; return true;
            case "sha256": algo = HashAlgo.Sha256; return true;
            case "sha512": algo = HashAlgo.Sha512; return true;
            default: algo = default; return false;
        }
    }

    public static HashAlgo Parse(string name) =>
        TryParse(name, out var algo)
            ? algo
            : throw new FormatException($"unknown hash algorithm '{name}' (expected md5, sha1, sha256 or sha512)");
}
