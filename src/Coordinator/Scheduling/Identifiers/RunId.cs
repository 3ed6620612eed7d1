namespace AsterFarm.Coordinator.Scheduling.Identifiers;

/// <summary>One submission (a run) of root derivations. Compared ordinally.</summary>
public readonly record struct RunId
{
    /// <summary>Wraps <paramref name="value"/>; throws <see cref="ArgumentException"/> when it is null or empty.</summary>
    public RunId(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;
}
