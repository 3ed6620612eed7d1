namespace AsterFarm.Coordinator.Scheduling.Identifiers;

/// <summary>A builder node's cluster-wide name. Compared ordinally.</summary>
public readonly record struct NodeName
{
    /// <summary>Wraps <paramref name="value"/>; throws <see cref="ArgumentException"/> when it is null or empty.</summary>
    public NodeName(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;
}
