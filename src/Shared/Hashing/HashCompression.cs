namespace AsterFarm.Shared.Hashing;

/// <summary>Nix's <c>compressHash</c>: XOR-folds a digest into fewer bytes (160 bits for store paths).</summary>
public static class HashCompression
{
    public static byte[] Compress(ReadOnlySpan<byte> hash, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var result = new byte[size];
        for (var i = 0; i < hash.Length; i++)
        {
            result[i % size] ^= hash[i];
        }

        return result;
    }
}
