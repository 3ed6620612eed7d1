namespace AsterFarm.Hosting;

/// <summary>A setting found under a section's old name (<see cref="MovedSection"/>): the key it was set as, and the key to use.</summary>
public sealed record MovedSetting(string OldKey, string NewKey)
{
    /// <summary>The environment variable that sets <see cref="OldKey"/> (<c>AsterFarm__Farm__LeaseTimeout</c>).</summary>
    public string OldVariable => OldKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The environment variable that sets <see cref="NewKey"/>.</summary>
    public string NewVariable => NewKey.Replace(":", "__", StringComparison.Ordinal);
}
