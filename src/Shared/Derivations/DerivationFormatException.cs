namespace AsterFarm.Shared.Derivations;

/// <summary>A <c>.drv</c> file that is not a well-formed Nix 2.8 derivation; <see cref="Offset"/> is the byte where parsing stopped.</summary>
public sealed class DerivationFormatException : FormatException
{
    public DerivationFormatException()
    {
    }

    public DerivationFormatException(string message)
        : base(message)
    {
    }

    public DerivationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DerivationFormatException(long offset, string problem)
        : base($"at byte {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The byte offset into the input at which the problem was found (0 ≤ Offset ≤ input length).</summary>
    public long Offset { get; }

    /// <summary>The message without the offset prefix.</summary>
    public string Problem { get; } = string.Empty;
}
