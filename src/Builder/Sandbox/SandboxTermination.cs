namespace AsterFarm.Builder.Sandbox;

/// <summary>How a sandboxed build ended.</summary>
public enum SandboxTermination
{
    /// <summary>The builder exited by itself (with <see cref="SandboxResult.ExitCode"/>).</summary>
    Exited,

    /// <summary>The sandbox killed the build because it ran longer than <see cref="SandboxSpec.Timeout"/>.</summary>
    TimedOut,

    /// <summary>The sandbox killed the build because it was silent longer than <see cref="SandboxSpec.MaxSilentTime"/>.</summary>
    Silent,

    /// <summary>The build ran into one of the sandbox's resource limits (processes, memory, disk); the reason says which.</summary>
    ResourceLimit,
}
