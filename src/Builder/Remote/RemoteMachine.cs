namespace AsterFarm.Builder.Remote;

/// <summary>
/// One line of a Nix/Hydra machines file: an existing Nix machine this builder node drives over SSH
/// (<c>nix-store --serve --write</c>).
/// </summary>
/// <param name="StoreUri">The line's URI as written (<c>ssh://user@host[:port]</c>); the machine's name in logs and the API.</param>
/// <param name="Host">What <c>ssh</c> connects to: <c>user@host</c> or <c>host</c>.</param>
/// <param name="Port">The SSH port when the URI names one (an AsterFarm extension; Nix uses <c>NIX_SSHOPTS</c>).</param>
/// <param name="Systems">The systems it builds.</param>
/// <param name="SshKey">The private key file, or null for ssh's defaults.</param>
/// <param name="MaxJobs">Builds it runs at once.</param>
/// <param name="SpeedFactor">Its relative speed (at least 1, as Nix clamps it).</param>
/// <param name="SupportedFeatures">The <c>requiredSystemFeatures</c> it satisfies.</param>
/// <param name="MandatoryFeatures">Features a derivation must require to be built there (they are supported too).</param>
/// <param name="PublicHostKey">Base64 of its host key line (<c>ssh-ed25519 AAAA…</c>), or null to use known_hosts.</param>
public sealed record RemoteMachine(
    string StoreUri,
    string Host,
    int? Port,
    IReadOnlyList<string> Systems,
    string? SshKey,
    int MaxJobs,
    double SpeedFactor,
    IReadOnlyList<string> SupportedFeatures,
    IReadOnlyList<string> MandatoryFeatures,
    string? PublicHostKey)
{
    /// <summary>Whether a derivation of <paramref name="system"/> requiring <paramref name="required"/> may be built here (Nix's rule).</summary>
    public bool Accepts(string system, IReadOnlyCollection<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        return Systems.Contains(system, StringComparer.Ordinal)
            && required.All(f => SupportedFeatures.Contains(f, StringComparer.Ordinal) || MandatoryFeatures.Contains(f, StringComparer.Ordinal))
            && MandatoryFeatures.All(f => required.Contains(f, StringComparer.Ordinal));
    }

    /// <summary>Why <see cref="Accepts"/> is false, in the words of Nix's build hook.</summary>
    public string WhyNot(string system, IReadOnlyCollection<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        return !Systems.Contains(system, StringComparer.Ordinal)
            ? $"'{StoreUri}' builds {string.Join(", ", Systems)}, not {system}"
            : MandatoryFeatures.FirstOrDefault(f => !required.Contains(f, StringComparer.Ordinal)) is { } mandatory
                ? $"'{StoreUri}' only builds derivations that require its mandatory feature '{mandatory}'"
                : $"'{StoreUri}' lacks the features {{{string.Join(", ", required.Where(f => !SupportedFeatures.Contains(f, StringComparer.Ordinal) && !MandatoryFeatures.Contains(f, StringComparer.Ordinal)))}}}";
    }
}
