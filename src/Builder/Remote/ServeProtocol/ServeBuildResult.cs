namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>The answer to <see cref="ServeCommand.BuildDerivation"/>.</summary>
/// <param name="Status">How the build ended.</param>
/// <param name="ErrorMessage">Nix's error message (empty on success).</param>
/// <param name="TimesBuilt">Rounds run (minor ≥ 3).</param>
/// <param name="IsNonDeterministic">Whether rounds differed (minor ≥ 3).</param>
/// <param name="StartTime">Unix time the build started (minor ≥ 3).</param>
/// <param name="StopTime">Unix time it ended (minor ≥ 3).</param>
/// <param name="BuiltOutputs">The realisations' ids (<c>sha256:…!out</c>) to their JSON (minor ≥ 6).</param>
public sealed record ServeBuildResult(
    ServeBuildStatus Status,
    string ErrorMessage,
    ulong TimesBuilt,
    bool IsNonDeterministic,
    long StartTime,
    long StopTime,
    IReadOnlyDictionary<string, string> BuiltOutputs)
{
    /// <summary>Whether the outputs are valid on the remote (built, or there already).</summary>
    public bool Succeeded => Status is ServeBuildStatus.Built or ServeBuildStatus.Substituted or ServeBuildStatus.AlreadyValid or ServeBuildStatus.ResolvesToAlreadyValid;

    public static async ValueTask<ServeBuildResult> ReadAsync(ServeReader reader, int minor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var status = await reader.ReadUInt64Async("the build status", cancellationToken).ConfigureAwait(false);
        if (status > (ulong)ServeBuildStatus.NoSubstituters)
        {
            throw reader.Malformed($"unknown build status {status}");
        }

        var error = await reader.ReadStringAsync("the build's error message", cancellationToken, ServeReader.MaxLongString).ConfigureAwait(false);
        ulong timesBuilt = 0;
        var nonDeterministic = false;
        long start = 0, stop = 0;
        if (minor >= 3)
        {
            timesBuilt = await reader.ReadUInt64Async("the times built", cancellationToken).ConfigureAwait(false);
            nonDeterministic = await reader.ReadBoolAsync("the non-determinism flag", cancellationToken).ConfigureAwait(false);
            start = await reader.ReadInt64Async("the start time", cancellationToken).ConfigureAwait(false);
            stop = await reader.ReadInt64Async("the stop time", cancellationToken).ConfigureAwait(false);
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (minor >= 6)
        {
            var count = await reader.ReadUInt64Async("the built outputs' count", cancellationToken).ConfigureAwait(false);
            if (count > ServeReader.MaxListCount)
            {
                throw reader.Malformed($"{count} built outputs is more than the limit of {ServeReader.MaxListCount}");
            }

            for (ulong i = 0; i < count; i++)
            {
                var id = await reader.ReadStringAsync("a built output's id", cancellationToken).ConfigureAwait(false);
                outputs[id] = await reader.ReadStringAsync("a built output's realisation", cancellationToken, ServeReader.MaxLongString).ConfigureAwait(false);
            }
        }

        return new ServeBuildResult((ServeBuildStatus)status, error, timesBuilt, nonDeterministic, start, stop, outputs);
    }
}
