namespace AsterFarm.Shared.Signing;

/// <summary>A decoded narinfo <c>Sig</c> value: <c>keyname:base64(64-byte Ed25519 signature)</c>.</summary>
public readonly struct NarSignature : IEquatable<NarSignature>
{
    public const int Size = 64;

    private readonly byte[] _bytes;

    public NarSignature(string keyName, ReadOnlySpan<byte> bytes)
    {
        if (!NixKeyText.IsValidName(keyName, out var error))
        {
            throw new ArgumentException(error, nameof(keyName));
        }

        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an Ed25519 signature has {Size} bytes", nameof(bytes));
        }

        KeyName = keyName;
        _bytes = bytes.ToArray();
    }

    /// <summary>The name of the key that made the signature; matched against trusted public keys.</summary>
    public string KeyName { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static NarSignature Parse(string text) =>
        TryParse(text, out var signature, out var error) ? signature : throw new FormatException(error);

    public static bool TryParse(string text, out NarSignature signature, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        signature = default;
        if (!NixKeyText.TryDecode(text, "signature", Size, out var name, out var bytes, out error))
        {
            return false;
        }

        signature = new NarSignature(name, bytes);
        return true;
    }

    /// <summary>The narinfo form, <c>keyname:base64</c>.</summary>
    public override string ToString() => NixKeyText.Encode(KeyName, _bytes);

    public bool Equals(NarSignature other) =>
        string.Equals(KeyName, other.KeyName, StringComparison.Ordinal) && Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is NarSignature other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(KeyName, _bytes is null ? 0 : BitConverter.ToInt32(_bytes));

    public static bool operator ==(NarSignature left, NarSignature right) => left.Equals(right);

    public static bool operator !=(NarSignature left, NarSignature right) => !left.Equals(right);
}
