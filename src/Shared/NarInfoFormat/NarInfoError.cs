namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>Why a narinfo was refused: the 1-based line and the field concerned, where there is one.</summary>
/// <param name="Line">1-based line number, or null for a problem with the whole file (size, a missing field).</param>
/// <param name="Field">The narinfo key (<c>NarSize</c>, <c>References</c>, …), or null.</param>
/// <param name="Message">What is wrong, in words a cache operator can act on.</param>
public sealed record NarInfoError(int? Line, string? Field, string Message)
{
    public override string ToString() => (Line, Field) switch
    {
        ({ } line, { } field) => $"narinfo line {line} ({field}): {Message}",
        ({ } line, null) => $"narinfo line {line}: {Message}",
        (null, { } field) => $"narinfo field {field}: {Message}",
        _ => $"narinfo: {Message}",
    };
}
