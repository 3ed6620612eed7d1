using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>One derivation to realise.</summary>
public sealed record RealiseRequest
{
    /// <summary>The derivation's store path (<c>…-name.drv</c>).</summary>
    public required StorePath DrvPath { get; init; }

    /// <summary>
    /// The .drv file's bytes when the caller has them (a local file); otherwise the .drv is fetched from the cache,
    /// where <c>asterfarm submit</c> uploads the .drv closure as text paths.
    /// </summary>
    public byte[]? DrvBytes { get; init; }

    /// <summary>
    /// A directory to read input .drv files from when the cache lacks them (e.g. <c>/nix/store</c> on a machine with
    /// Nix, for <c>asterfarm-builder realise</c> of a local file). Default none.
    /// </summary>
    public string? LocalDerivationDirectory { get; init; }

    /// <summary>Overrides the node's timeout for this build.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Overrides the node's max-silent-time for this build.</summary>
    public TimeSpan? MaxSilentTime { get; init; }

    /// <summary>Keep the build's work directory (build dir, store view, log) for debugging instead of removing it.</summary>
    public bool KeepBuildDirectory { get; init; }

    /// <summary>Also receives the build log as it is produced (the whole log always goes to the cache).</summary>
    public IBuildLogSink? LogSink { get; init; }

    /// <summary>Receives one line per phase.</summary>
    public IProgress<string>? Progress { get; init; }
}
