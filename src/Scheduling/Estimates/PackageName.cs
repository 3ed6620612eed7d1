namespace AsterFarm.Scheduling.Estimates;

/// <summary>The name of a derivation without its version, the way Nix's <c>builtins.parseDrvName</c> splits it.</summary>
public static class PackageName
{
    /// <summary>
    /// Strips the version: the name ends before the first <c>-</c> followed by a non-letter
    /// ("chromium-120.0.1" → "chromium", "python3.12-numpy-1.26" → "python3.12-numpy"); a trailing
    /// <c>.drv</c> and a store path's hash part are dropped first.
    /// </summary>
    public static string FromDerivationName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var span = name.AsSpan();
        var slash = span.LastIndexOf('/');
        if (slash >= 0)
        {
            span = span[(slash + 1)..];
            // A store path's base name is "<32-char hash>-<name>".
            if (span.Length > 33 && span[32] == '-')
            {
                span = span[33..];
            }
        }

        if (span.EndsWith(".drv", StringComparison.Ordinal))
        {
            span = span[..^4];
        }

        for (var i = 0; i + 1 < span.Length; i++)
        {
            if (span[i] == '-' && !char.IsAsciiLetter(span[i + 1]))
            {
                return span[..i].ToString();
            }
        }

        return span.ToString();
    }
}
