namespace AsterFarm.Builder.Realisation;

/// <summary>What went wrong in a failed realisation; <see cref="RealisationFailure.Class"/> groups these.</summary>
public enum FailureKind
{
    /// <summary>The node lacks the system or a required feature, or the derivation kind is not supported.</summary>
    Unsupported,

    /// <summary>The builder exited with a non-zero status.</summary>
    BuilderFailed,

    /// <summary>The build ran longer than its timeout.</summary>
    TimedOut,

    /// <summary>The build was silent longer than its max-silent-time.</summary>
    Silent,

    /// <summary>The builder did not create one of its outputs.</summary>
    MissingOutput,

    /// <summary>A fixed output's content does not have the declared hash.</summary>
    HashMismatch,

    /// <summary>An output's NAR is larger than the node accepts.</summary>
    OutputTooLarge,

    /// <summary>The builder created store paths other than its outputs.</summary>
    WroteOutsideOutputs,

    /// <summary>An output is not storable (a fixed output with references, a socket or device in the tree).</summary>
    InvalidOutput,

    /// <summary>The cache could not be reached, or refused an upload.</summary>
    CacheUnavailable,

    /// <summary>An input (or the .drv) is missing from the cache, or did not verify.</summary>
    InputUnavailable,

    /// <summary>The node's disk is full.</summary>
    OutOfDisk,

    /// <summary>An emulated build was ended by a signal (QEMU crashed), or the sandbox could not be set up.</summary>
    SandboxFailed,

    /// <summary>The build exceeded one of the sandbox's resource limits (processes, memory, disk): the derivation's doing.</summary>
    ResourceLimit,

    /// <summary>
    /// A <c>.drv</c> in the closure is not what its path says: its bytes do not hash to it, or its output paths are not
    /// the ones Nix computes (a forgery); nothing is built.
    /// </summary>
    UntrustedDerivation,

    /// <summary>A remote Nix machine could not be reached or stopped answering mid-build (the machine is marked down).</summary>
    RemoteMachineFailed,
}
