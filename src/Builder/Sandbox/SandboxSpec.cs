using AsterFarm.Builder.Sandbox.Qemu;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Everything needed to run one derivation's builder in a sandbox.
/// </summary>
/// <remarks>
/// <para>Store view: <see cref="StoreDirectory"/> is an empty host directory created by the caller for this
/// build; it is bound read-write at <c>/nix/store</c>, and every entry of <see cref="InputPaths"/> is bound
/// read-only on top of it at <c>/nix/store/&lt;basename&gt;</c>. The builder therefore sees exactly the input
/// closure, creates its outputs at <c>/nix/store/&lt;output basename&gt;</c>, and they are found afterwards in
/// <see cref="StoreDirectory"/> on the host (the empty mount points of the inputs are removed when the run ends,
/// so the directory then holds only what the builder created).</para>
/// <para><see cref="BuildDirectory"/> is bound read-write at <c>/build</c>, the working directory.</para>
/// </remarks>
public sealed record SandboxSpec
{
    /// <summary>The builder as seen inside the sandbox (e.g. <c>/nix/store/…-bash/bin/bash</c> or <c>/bin/sh</c>).</summary>
    public required string Builder { get; init; }

    /// <summary>The builder's arguments (after argv[0], which is the builder's basename as in Nix).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The complete environment of the builder (nix-formats.md §8.1, computed by the caller); nothing else is passed.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The host directory bound read-write at <c>/build</c> (the working directory).</summary>
    public required string BuildDirectory { get; init; }

    /// <summary>The empty per-build host directory bound read-write at <c>/nix/store</c>; outputs appear here.</summary>
    public required string StoreDirectory { get; init; }

    /// <summary>Host paths of the input closure, each bound read-only at <c>/nix/store/&lt;basename&gt;</c>.</summary>
    public IReadOnlyList<string> InputPaths { get; init; } = [];

    /// <summary>
    /// Whether the builder shares the host's network (fixed-output derivations only). Otherwise it gets a new
    /// network namespace with only <c>lo</c>.
    /// </summary>
    public bool AllowNetwork { get; init; }

    /// <summary>The emulator for a foreign system, or <c>null</c> for a native build.</summary>
    public QemuEmulator? Emulator { get; init; }

    /// <summary>The node's secrets (the cache's write token): replaced by <c>[redacted]</c> wherever the log holds them.</summary>
    public IReadOnlyList<byte[]> RedactedSecrets { get; init; } = [];

    /// <summary>Kill the build after this long (Nix's <c>timeout</c>); <c>null</c> for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Kill the build after this long without log output (Nix's <c>max-silent-time</c>); <c>null</c> for no limit.</summary>
    public TimeSpan? MaxSilentTime { get; init; }
}
