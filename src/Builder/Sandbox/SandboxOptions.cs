namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Node-wide settings of the build sandbox (bound from configuration, section <c>AsterFarm:Sandbox</c>).
/// The defaults fit a Debian machine with <c>bubblewrap</c> and <c>util-linux</c> installed.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The bubblewrap binary. Default <c>/usr/bin/bwrap</c> (Debian <c>bubblewrap</c>).</summary>
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// util-linux <c>unshare</c>, used only for emulated builds to create the user + mount namespace in
    /// which binfmt_misc is mounted privately. Default <c>/usr/bin/unshare</c>.
    /// </summary>
    public string UnsharePath { get; set; } = "/usr/bin/unshare";

    /// <summary>util-linux <c>setarch</c>, used to set the <c>ADDR_NO_RANDOMIZE</c> personality. Default <c>/usr/bin/setarch</c>.</summary>
    public string SetarchPath { get; set; } = "/usr/bin/setarch";

    /// <summary>util-linux <c>mount</c>, used inside the private namespace of emulated builds. Default <c>/usr/bin/mount</c>.</summary>
    public string MountPath { get; set; } = "/usr/bin/mount";

    /// <summary>
    /// The host shell that prepares the process (stdin, stderr into the log pipe, core-dump limit) before it
    /// execs bubblewrap; it is not visible to the builder unless listed in <see cref="ImpureHostPaths"/>.
    /// Default <c>/bin/sh</c>.
    /// </summary>
    public string HostShellPath { get; set; } = "/bin/sh";

    /// <summary>
    /// Host paths bound read-only at the same place in every sandbox (Nix's <c>sandbox-paths</c>); missing ones
    /// are skipped. Default <c>/bin</c>, <c>/usr</c>, <c>/lib</c>, <c>/lib64</c> (the <c>sandbox-paths</c> Nix's own
    /// Linux sandbox is usually given on Debian): builders written for a non-sandboxed Nix call <c>/bin/sh</c>,
    /// <c>/bin/mkdir</c> and the cross toolchains under <c>/usr</c>. Symbolic links are followed.
    /// </summary>
    public IList<string> ImpureHostPaths { get; set; } = ["/bin", "/usr", "/lib", "/lib64"];

    /// <summary>How many bytes of the end of the log a result keeps for the failure report. Default 64 KiB.</summary>
    public int LogTailBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Whether builders run with the <c>ADDR_NO_RANDOMIZE</c> personality, as Nix runs them (more reproducible
    /// outputs of programs that print addresses). Default <c>true</c>.
    /// </summary>
    public bool DisableAddressRandomization { get; set; } = true;

    /// <summary>
    /// How long to wait for the log pipe to close after the sandbox's main process has exited (all processes
    /// in the sandbox are gone by then, so this is a guard against a leaked descriptor). Default 5 s.
    /// </summary>
    public TimeSpan LogDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Values a fixed-output derivation may receive through its <c>impureEnvVars</c> (the build environment the
    /// operator names, e.g. <c>http_proxy</c>); a name listed here wins over <see cref="ImpureHostVariables"/>.
    /// Default empty. Names of the node's own settings (<c>AsterFarm__…</c>, <c>ASTERFARM_…</c>) are never passed.
    /// </summary>
    public IDictionary<string, string> ImpureEnvironment { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Variables of the node's own environment a fixed-output derivation may receive through its <c>impureEnvVars</c>
    /// (as Nix passes the daemon's). Default: the proxy variables (<c>http_proxy</c>, <c>https_proxy</c>,
    /// <c>ftp_proxy</c>, <c>all_proxy</c>, <c>no_proxy</c>, lower and upper case). Any other name a derivation asks
    /// for gets an empty value; the node's settings and secrets are never passed, whatever this lists.
    /// </summary>
    public IList<string> ImpureHostVariables { get; set; } =
    [
        "http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy",
        "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY", "NO_PROXY",
    ];

    /// <summary>
    /// The host user builds run as when the node runs as root (the sandbox still shows uid 1000): an unprivileged
    /// uid, so a build owns nothing of the host and its process limit applies. Default 65534, the kernel's overflow
    /// uid (<c>nobody</c>). The work and store directories must be traversable by it (mode 0755 on the way).
    /// </summary>
    public int BuildUser { get; set; } = 65534;

    /// <summary>The host group builds run as when the node runs as root. Default 65534 (<c>nogroup</c>).</summary>
    public int BuildGroup { get; set; } = 65534;

    /// <summary>util-linux <c>setpriv</c>, which drops to <see cref="BuildUser"/> before bubblewrap starts. Default <c>/usr/bin/setpriv</c>.</summary>
    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    /// <summary>util-linux <c>prlimit</c>, which sets the process and address-space rlimits where no cgroup can be made. Default <c>/usr/bin/prlimit</c>.</summary>
    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>
    /// Whether each build gets its own cgroup (v2, or v1 <c>pids</c>/<c>memory</c>/<c>cpu</c>) under the node's, for
    /// the limits below; where one cannot be made, rlimits stand in (per process, weaker). Default <c>true</c>.
    /// </summary>
    public bool UseCgroups { get; set; } = true;

    /// <summary>Processes and threads one build may have (cgroup <c>pids.max</c>, else <c>RLIMIT_NPROC</c>). Default 4096.</summary>
    public int MaxProcesses { get; set; } = 4096;

    /// <summary>
    /// Memory one build may use, its <c>/tmp</c> and <c>/dev/shm</c> included (cgroup memory limit without swap, else
    /// <c>RLIMIT_AS</c>). Default none set: three quarters of the machine's memory, so the node always keeps some.
    /// </summary>
    public long? MaxMemoryBytes { get; set; }

    /// <summary>CPU weight of a build against the node's other work (cgroup v2 scale, 1–10000; 100 is even). Default 100.</summary>
    public int CpuWeight { get; set; } = 100;

    /// <summary>Size of the sandbox's <c>/tmp</c> and of its <c>/dev/shm</c> (each a tmpfs, in memory). Default 1 GiB.</summary>
    public long TmpfsBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Disk one build may fill: the build directory and outputs together (checked every <see cref="DiskCheckInterval"/>),
    /// and no single file larger (<c>RLIMIT_FSIZE</c>, at once). Default 64 GiB; null for no bound.
    /// </summary>
    public long? MaxDiskBytes { get; set; } = 64L << 30;

    /// <summary>How often a running build's disk use is measured against <see cref="MaxDiskBytes"/>. Default 5 s.</summary>
    public TimeSpan DiskCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether builds are denied new user namespaces (bubblewrap <c>--disable-userns</c>). Default <c>true</c>.</summary>
    public bool DisableNestedUserNamespaces { get; set; } = true;
}
