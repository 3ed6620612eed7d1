using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Builder.Node;

/// <summary>
/// What a builder node offers and where it keeps its files, bound from the configuration section
/// <see cref="SectionName"/> (<c>appsettings.json</c>, then environment variables such as
/// <c>AsterFarm__Builder__Slots=4</c> or <c>AsterFarm__Builder__Features__0=kvm</c>, then command-line flags).
/// </summary>
public sealed class BuilderNodeOptions
{
    public const string SectionName = "AsterFarm:Builder";

    /// <summary>Systems built natively. Default <c>x86_64-linux</c> (the machines AsterFarm runs on).</summary>
    public IList<string> NativeSystems { get; set; } = ["x86_64-linux"];

    /// <summary>
    /// Systems built under QEMU user-mode emulation; each needs <c>qemu-&lt;arch&gt;-static</c> on PATH. Default
    /// <c>riscv64-linux</c> and <c>aarch64-linux</c>; the ones whose emulator is missing are not offered.
    /// </summary>
    public IList<string> EmulatedSystems { get; set; } = ["riscv64-linux", "aarch64-linux"];

    /// <summary>
    /// How many times slower an emulated build runs than a native one, as advertised to the scheduler. Default 5
    /// (measured 5.2× on the reference machine; see <see cref="QemuSlowdown"/>). Zero means "measure at startup".
    /// </summary>
    public double EmulationSlowdown { get; set; } = 5.0;

    /// <summary>
    /// The <c>requiredSystemFeatures</c> this node satisfies. Default <c>benchmark</c>, <c>big-parallel</c> (Nix's
    /// defaults without <c>kvm</c> and <c>nixos-test</c>, which need <c>/dev/kvm</c>).
    /// </summary>
    public IList<string> Features { get; set; } = ["benchmark", "big-parallel"];

    /// <summary>How many builds run at once. Default 0: one per processor (<see cref="EffectiveSlots"/>).</summary>
    public int Slots { get; set; }

    /// <summary>
    /// Dispatches accepted beyond <see cref="Slots"/>: they fetch their inputs, or upload their outputs, while other
    /// builds hold the sandboxes, so no slot idles on the network or on the scheduler's round trip. At most
    /// <see cref="EffectiveSlots"/> builders run at once whatever this is; the scheduler sees the sum as the node's slots.
    /// Default 0 (no overlap).
    /// </summary>
    public int PipelineSlots { get; set; }

    /// <summary>NIX_BUILD_CORES of each build. Default 0: the machine's processors divided by the slots (at least 1).</summary>
    public int CoresPerSlot { get; set; }

    /// <summary>
    /// This node's name in the cluster, shown to operators and kept in history; unique per node. Default: the
    /// machine's host name and the remoting port (<c>host-4053</c>), unique also for several nodes on one machine.
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>Hardware class keying the scheduler's duration history (e.g. <c>epyc-9454</c>). Default <c>default</c>.</summary>
    public string MachineClass { get; set; } = "default";

    /// <summary>Speed of one slot relative to a reference x86_64 core, as advertised to the scheduler. Default 1.</summary>
    public double Speed { get; set; } = 1.0;

    /// <summary>
    /// The binary cache inputs come from and outputs go to (e.g. <c>http://coordinator-0.coordinator:8080</c>); several
    /// comma-separated URLs are replicas of one replicated cache, used in that order of preference: a replica that
    /// cannot be reached is skipped (<see cref="CacheFailoverRounds"/>). Required by a cluster node.
    /// </summary>
    public string? CacheUrl { get; set; }

    /// <summary>
    /// Rounds over the cache URLs before the cache counts as unreachable (an infrastructure failure of the build).
    /// Default 3.
    /// </summary>
    public int CacheFailoverRounds { get; set; } = 3;

    /// <summary>Wait after a round in which no cache URL answered; doubles after each further round. Default 1 s.</summary>
    public TimeSpan CacheFailoverBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>File holding the cache's write token. Default none: the variable <c>ASTERFARM_TOKEN</c>, else no token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>How often an unacknowledged registration is resent to the scheduler. Default 2 s.</summary>
    public TimeSpan RegistrationRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many of its latest build results (built or failed) the node keeps and sends again before each registration,
    /// so that a result sent to a singleton that died just then still arrives at its successor (which ignores the ones
    /// it already has, by lease). Default 64.
    /// </summary>
    public int ResultsKept { get; set; } = BuilderNodeActorSettings.DefaultResultsKept;

    /// <summary>The local store of fetched inputs (bound at <c>/nix/store</c> in sandboxes). Default <c>/var/lib/asterfarm/builder/store</c>.</summary>
    public string StoreDirectory { get; set; } = "/var/lib/asterfarm/builder/store";

    /// <summary>Per-build directories (build dir, store view, log, NAR spool). Default <c>/var/lib/asterfarm/builder/work</c>.</summary>
    public string WorkDirectory { get; set; } = "/var/lib/asterfarm/builder/work";

    /// <summary>Size cap of the local store (sum of NAR sizes); least recently used paths not in use are evicted. Default 20 GiB.</summary>
    public long StoreMaxBytes { get; set; } = 20L << 30;

    /// <summary>
    /// How many <c>.drv</c> files this node remembers as verified (hashed to their path, output paths checked), so that
    /// a later build whose closure includes them does not read and hash them again; least recently used first out.
    /// About 1 KiB each. Default 50,000; 0 checks every build's whole closure.
    /// </summary>
    public int VerifiedDerivationsKept { get; set; } = 50_000;

    /// <summary>Kill a build after this long (Nix's <c>timeout</c>). Default none.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Kill a build after this long without log output (Nix's <c>max-silent-time</c>). Default none.</summary>
    public TimeSpan? MaxSilentTime { get; set; }

    /// <summary>Largest NAR an output may have; a larger one fails the build. Default none.</summary>
    public long? MaxOutputNarBytes { get; set; }

    /// <summary>The cache URLs of <see cref="CacheUrl"/> (comma-separated, blanks ignored), most preferred first.</summary>
    /// <exception cref="UriFormatException">One is not an absolute URL.</exception>
    public IReadOnlyList<Uri> CacheUrls =>
        [.. (CacheUrl ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url, UriKind.Absolute))];

    /// <summary>How the cache client retries across <see cref="CacheUrls"/>.</summary>
    public CacheFailoverPolicy CacheFailover => new(CacheFailoverRounds, CacheFailoverBackoff);

    /// <summary>NIX_BUILD_CORES for one build, resolving the default.</summary>
    public int EffectiveCores => CoresPerSlot > 0 ? CoresPerSlot : Math.Max(1, Environment.ProcessorCount / EffectiveSlots);

    /// <summary>Builds run at once, resolving the default (one per processor).</summary>
    public int EffectiveSlots => Slots > 0 ? Slots : Math.Max(1, Environment.ProcessorCount);

    /// <summary>Dispatches the node takes at once: its sandbox slots and its pipeline slots.</summary>
    public int AdvertisedSlots => EffectiveSlots + Math.Max(0, PipelineSlots);
}
