namespace AsterFarm.Scheduling.Simulation;

/// <summary>One node of a simulator builders file: <c>{"name","slots","native":{system:speed},"emulated":{system:speed},"features":[…]}</c>, optionally <c>"class"</c>.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Slots">Concurrent builds.</param>
/// <param name="Native">Natively built systems and the speed of one slot relative to one reference x86_64 core.</param>
/// <param name="Emulated">Systems built under QEMU, speeds including the emulation slowdown.</param>
/// <param name="Features">System features offered.</param>
/// <param name="Class">Machine class for duration history; defaults to the node's name.</param>
public sealed record BuilderRecord(
    string Name,
    int Slots,
    IReadOnlyDictionary<string, double>? Native,
    IReadOnlyDictionary<string, double>? Emulated,
    IReadOnlyList<string>? Features,
    string? Class = null)
{
    /// <summary>The speed of one slot for <paramref name="system"/> (the faster of native and emulated); 0 when it cannot build it.</summary>
    public double SpeedFor(string system) =>
        Math.Max(Native?.GetValueOrDefault(system) ?? 0, Emulated?.GetValueOrDefault(system) ?? 0);

    /// <summary>True when the node can build <paramref name="system"/> with all of <paramref name="features"/>.</summary>
    public bool CanBuild(string system, IReadOnlyList<string>? features) =>
        SpeedFor(system) > 0 && (features ?? []).All(feature => Features?.Contains(feature) == true);
}
