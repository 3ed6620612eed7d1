namespace AsterFarm.Builder.Sandbox;

/// <summary>The outcome of one sandboxed build. A failing builder is a result, not an exception.</summary>
/// <param name="Termination">How the build ended.</param>
/// <param name="ExitCode">The exit status bubblewrap reported (a signal <c>n</c> shows as <c>128 + n</c>).</param>
/// <param name="Reason">A sentence for the failure report, e.g. <c>timed out after 10 s</c>; <c>null</c> on success.</param>
/// <param name="Elapsed">Wall-clock time from start to the end of the process tree.</param>
/// <param name="LogTail">The last bytes of the log (at most <see cref="SandboxOptions.LogTailBytes"/>, from a line start when cut).</param>
/// <param name="LogBytes">How many log bytes the builder wrote in total.</param>
public sealed record SandboxResult(
    SandboxTermination Termination,
    int ExitCode,
    string? Reason,
    TimeSpan Elapsed,
    string LogTail,
    long LogBytes)
{
    /// <summary>Whether the builder exited with status 0 within its limits.</summary>
    public bool Succeeded => Termination == SandboxTermination.Exited && ExitCode == 0;

    /// <summary>
    /// The signal that ended the builder when <see cref="ExitCode"/> follows the <c>128 + n</c> convention;
    /// bubblewrap cannot tell that apart from a builder that exits with such a status itself.
    /// </summary>
    public int? Signal => ExitCode is > 128 and < 128 + 65 ? ExitCode - 128 : null;
}
