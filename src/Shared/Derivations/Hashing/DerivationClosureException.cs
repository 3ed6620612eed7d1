namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>A derivation closure that cannot be hashed: a missing or unreadable input, a cycle, or an invalid derivation.</summary>
public sealed class DerivationClosureException : Exception
{
    public DerivationClosureException()
    {
    }

    public DerivationClosureException(string message)
        : base(message)
    {
    }

    public DerivationClosureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
