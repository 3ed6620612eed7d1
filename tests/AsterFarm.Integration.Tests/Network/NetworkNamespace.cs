namespace AsterFarm.Integration.Tests.Network;

/// <summary>
/// One network namespace of a <see cref="NetworkNamespaces"/> run: its name, its IPv4 address on the hub (on its
/// <c>eth0</c>), and the hub-side end of its veth pair (in the root namespace), whose link state cuts and heals it.
/// </summary>
internal sealed record NetworkNamespace(string Label, string Name, string Address, string HubLink)
{
    /// <summary>Prepended to a command line, runs it in this namespace (<c>ip netns exec</c> execs it: same process, so killing it kills the program).</summary>
    public IReadOnlyList<string> LauncherPrefix => ["ip", "netns", "exec", Name];
}
