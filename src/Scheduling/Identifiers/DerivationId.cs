namespace AsterFarm.Scheduling.Identifiers;

/// <summary>One derivation the scheduler plans; the farm keys it by its .drv store path, the simulator by its own ids. Compared ordinally.</summary>
public readonly record struct DerivationId
{
    /// <summary>Wraps <paramref name="value"/>; throws <see cref="ArgumentException"/> when it is null or empty.</summary>
    public DerivationId(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;
}
