namespace AsterFarm.Builder.Remote;

/// <summary>
/// How a builder node reaches its remote Nix machines, bound from <see cref="SectionName"/>
/// (<c>AsterFarm__Builder__Remote__MachinesFile=/etc/nix/machines</c>, …; <c>--machines FILE</c>).
/// </summary>
public sealed class RemoteMachineOptions
{
    public const string SectionName = "AsterFarm:Builder:Remote";

    /// <summary>A Nix/Hydra machines file listing the machines. Default none: no remote machines.</summary>
    public string? MachinesFile { get; set; }

    /// <summary>The SSH client. Default <c>ssh</c> (OpenSSH) from PATH.</summary>
    public string SshProgram { get; set; } = "ssh";

    /// <summary>
    /// Extra arguments for every <c>ssh</c> (as Nix's <c>NIX_SSHOPTS</c>), space-separated, e.g.
    /// <c>-o UserKnownHostsFile=/etc/asterfarm/known_hosts</c>. Default none.
    /// </summary>
    public string SshOptions { get; set; } = string.Empty;

    /// <summary>The command run on the machine. Default <c>nix-store</c> (run as <c>nix-store --serve --write</c>).</summary>
    public string RemoteProgram { get; set; } = "nix-store";

    /// <summary>A <c>--store</c> URI passed to the remote program. Default none (the machine's own store).</summary>
    public string? RemoteStore { get; set; }

    /// <summary>Connecting (SSH login and the protocol greeting) fails after this long. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SSH keep-alive: the connection counts as dead after this many unanswered probes, one every
    /// <see cref="KeepAliveInterval"/>. Defaults 3 and 10 s.
    /// </summary>
    public int KeepAliveCountMax { get; set; } = 3;

    /// <summary>See <see cref="KeepAliveCountMax"/>.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the sessions to one machine share one SSH connection (OpenSSH <c>ControlMaster=auto</c>, the socket in a
    /// private 0700 directory, the master kept <see cref="ControlPersist"/> after the last session and ended when the
    /// node stops). Default true: a session opens in about half the time of a new login, and a 100-derivation chain
    /// measured as fast or faster than with a connection per slot (bench/README.md, remote-overhead). False gives each
    /// slot its own connection (still reused from build to build), so that losing one connection ends only its build.
    /// </summary>
    public bool Multiplex { get; set; } = true;

    /// <summary>With <see cref="Multiplex"/>, how long the master connection outlives its last session. Default 60 s.</summary>
    public TimeSpan ControlPersist { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A machine marked down (it stopped answering) is tried again after this long. Default 60 s.</summary>
    public TimeSpan RetryDownAfter { get; set; } = TimeSpan.FromSeconds(60);
}
