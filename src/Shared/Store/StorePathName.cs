using System.Buffers;

namespace AsterFarm.Shared.Store;

/// <summary>Nix 2.8's rules for the name part of a store path: 1 to 211 characters from <c>[A-Za-z0-9+-._?=]</c>.</summary>
public static class StorePathName
{
    private const string ValidChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-._?=";

    // Vectorised searches: every reference of every derivation in a closure is checked.
    private static readonly SearchValues<char> Valid = SearchValues.Create(ValidChars);
    private static readonly SearchValues<byte> ValidUtf8 = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(ValidChars));

    public static bool IsValidChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_' or '?' or '=';

    /// <summary>True when every byte is one of the allowed (ASCII) characters; the length is not checked.</summary>
    public static bool AreValidChars(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(ValidUtf8);

    public static bool TryValidate(ReadOnlySpan<char> name, out string error)
    {
        if (name.IsEmpty)
        {
            error = "store path name is empty";
            return false;
        }

        if (name.Length > StorePath.MaxNameLength)
        {
            error = $"store path name is {name.Length} characters long; at most {StorePath.MaxNameLength} are allowed";
            return false;
        }

        var i = name.IndexOfAnyExcept(Valid);
        if (i >= 0)
        {
            error = $"store path name '{name}' contains the forbidden character '{EscapeForMessage(name[i])}' at position {i}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public static void Validate(string name)
    {
        if (!TryValidate(name, out var error))
        {
            throw new FormatException(error);
        }
    }

    private static string EscapeForMessage(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
