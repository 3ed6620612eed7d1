using System.Diagnostics.CodeAnalysis;

namespace AsterFarm.Shared.Nar;

/// <summary>The outcome of <see cref="NarValidator.Validate"/>: either the NarHash and NarSize, or why the stream is not a NAR.</summary>
public sealed record NarValidationResult
{
    private NarValidationResult(NarHashAndSize? hashAndSize, NarFormatException? error)
    {
        HashAndSize = hashAndSize;
        Error = error;
    }

    [MemberNotNullWhen(true, nameof(HashAndSize))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    public NarHashAndSize? HashAndSize { get; }

    /// <summary>What was wrong and at which byte, when <see cref="IsValid"/> is false.</summary>
    public NarFormatException? Error { get; }

    internal static NarValidationResult Valid(NarHashAndSize hashAndSize) => new(hashAndSize, null);

    internal static NarValidationResult Invalid(NarFormatException error) => new(null, error);
}
