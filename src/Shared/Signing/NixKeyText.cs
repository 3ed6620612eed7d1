namespace AsterFarm.Shared.Signing;

/// <summary>The <c>name:base64</c> text shared by Nix key files and <c>Sig</c> values.</summary>
internal static class NixKeyText
{
    /// <summary>Splits at the first colon and decodes the base64 part into exactly <paramref name="byteCount"/> bytes.</summary>
    public static bool TryDecode(string text, string what, int byteCount, out string name, out byte[] bytes, out string error)
    {
        name = string.Empty;
        bytes = [];
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"{what} is not of the form '<name>:<base64>'";
            return false;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text[(colon + 1)..], buffer, out var written))
        {
            error = $"{what} '{text[..colon]}' has invalid base64 after the colon";
            return false;
        }

        if (written != byteCount)
        {
            error = $"{what} '{text[..colon]}' holds {written} bytes; expected {byteCount}";
            return false;
        }

        name = text[..colon];
        bytes = buffer[..written];
        error = string.Empty;
        return true;
    }

    public static string Encode(string name, ReadOnlySpan<byte> bytes) => $"{name}:{Convert.ToBase64String(bytes)}";

    /// <summary>Key names end at the first colon and are listed space-separated in <c>trusted-public-keys</c>.</summary>
    public static bool IsValidName(string name, out string error)
    {
        if (name.Length == 0 || name.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            error = $"key name '{name}' must be non-empty and contain no colon, whitespace or control characters";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
