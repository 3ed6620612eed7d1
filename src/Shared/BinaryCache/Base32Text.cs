using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>Checks on Nix base32 text coming from URLs.</summary>
internal static class Base32Text
{
    public static bool ContainsOnlyBase32(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!NixBase32.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a store path hash part: 32 Nix base32 characters.</summary>
    public static bool IsHashPart(ReadOnlySpan<char> text) =>
        text.Length == Store.StorePath.HashPartLength && text.ContainsOnlyBase32();
}
