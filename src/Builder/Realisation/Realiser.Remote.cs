using System.Globalization;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Remote;
using AsterFarm.Builder.Remote.ServeProtocol;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

public sealed partial class Realiser
{
    /// <summary>
    /// Realises <paramref name="request"/>'s derivation on a remote Nix machine of <paramref name="machines"/> (Nix's
    /// serve protocol over SSH): fetches the input closure from the cache as for a local build, imports what the
    /// machine lacks, builds there with the log streamed back, downloads each output's NAR (checked against the
    /// machine's NAR hash, then unpacked), and from there on is a local build's tail: the same output checks,
    /// reference scan, upload and log. Returns a null result, with the reason, when no machine can take it now
    /// (none for its system or features, all busy or down): the caller builds it locally or refuses it.
    /// </summary>
    public async Task<(RealisationResult? Result, string WhyNot)> RealiseRemotelyAsync(
        RealiseRequest request, RemoteMachinePool machines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(machines);
        var timer = new PhaseTimer(_time);
        timer.Begin(RealisationPhase.Fetch);
        Derivation derivation;
        RemoteTrust trust;
        try
        {
            var drvBytes = request.DrvBytes ?? await LoadDerivationBytesAsync(request.DrvPath, request.LocalDerivationDirectory, cancellationToken).ConfigureAwait(false);
            derivation = DerivationParser.Parse(drvBytes, _storeDir);
            // A remote machine builds what it is sent, so the bytes are checked against their store path here, as
            // for a local build: a forged .drv under a real drv path must never be built and uploaded as that path.
            var (verified, inputOutputs, untrusted) = await VerifyDerivationAsync(
                request.DrvPath, drvBytes, derivation, request.LocalDerivationDirectory, cancellationToken).ConfigureAwait(false);
            if (untrusted is not null)
            {
                return (Failed(request, timer, untrusted), string.Empty);
            }

            trust = new RemoteTrust(verified!, inputOutputs);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && Classify(error) is { } failure)
        {
            return (Failed(request, timer, failure), string.Empty);
        }

        using var lease = machines.TryReserve(derivation.System, NodeCapabilities.RequiredFeatures(derivation), out var whyNot);
        if (lease is null)
        {
            return (null, whyNot);
        }

        try
        {
            return (await RealiseOnAsync(request, derivation, trust, lease, timer, cancellationToken).ConfigureAwait(false), string.Empty);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && Classify(error) is { } failure)
        {
            return (Failed(request, timer, failure), string.Empty);
        }
    }

    private async Task<RealisationResult> RealiseOnAsync(
        RealiseRequest request, Derivation derivation, RemoteTrust trust, RemoteMachineLease lease, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var drvPath = _storeDir.Print(request.DrvPath);
        if (derivation.Type is not (DerivationType.InputAddressed or DerivationType.FixedOutput))
        {
            return Failed(request, timer, new RealisationFailure(FailureKind.Unsupported, $"cannot build '{drvPath}' remotely: {derivation.Type} derivations are not supported"));
        }

        var outputs = derivation.Outputs.ToDictionary(o => o.Key, o => o.Value.Path!.Value, StringComparer.Ordinal);
        var roots = await InputRootsAsync(derivation, request.LocalDerivationDirectory, trust.InputOutputs, cancellationToken).ConfigureAwait(false);
        using var closure = await _fetcher.FetchClosureAsync(roots, cancellationToken).ConfigureAwait(false);
        using var workspace = new BuildWorkspace(_node.WorkDirectory, request.DrvPath, request.KeepBuildDirectory);

        timer.Begin(RealisationPhase.Setup);
        var machine = lease.Machine.StoreUri;
        request.Progress?.Report($"building '{drvPath}' on '{machine}'");
        SshServeSession session;
        try
        {
            session = await lease.SessionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteMachineException error)
        {
            lease.MarkDown(error.Reason);
            return Failed(request, timer, new RealisationFailure(FailureKind.RemoteMachineFailed, error.Message));
        }

        var reusable = false;
        try
        {
            using var kill = cancellationToken.Register(session.Kill);
            RealisationFailure? failure;
            try
            {
                failure = await BuildRemotelyAsync(request, derivation, drvPath, roots, closure, outputs, session, workspace, timer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is ServeProtocolException or IOException or RemoteMachineException && !cancellationToken.IsCancellationRequested)
            {
                var explained = session.Explain(error, "the connection failed");
                lease.MarkDown(explained.Reason);
                return Failed(request, timer, new RealisationFailure(FailureKind.RemoteMachineFailed, explained.Message));
            }

            reusable = true;
            lease.Succeeded = true;
            if (failure is not null)
            {
                timer.Begin(RealisationPhase.Upload);
                await TryUploadLogAsync(request.DrvPath, workspace.LogFile, cancellationToken).ConfigureAwait(false);
                return Failed(request, timer, failure);
            }
        }
        finally
        {
            lease.Return(session, reusable && !cancellationToken.IsCancellationRequested);
        }

        timer.Begin(RealisationPhase.Scan);
        var candidates = closure.Entries.Keys.Concat(outputs.Values).ToHashSet();
        var checkedOutputs = CheckOutputs(derivation, drvPath, outputs, candidates, workspace, out var outputFailure);
        if (outputFailure is not null)
        {
            timer.Begin(RealisationPhase.Upload);
            await TryUploadLogAsync(request.DrvPath, workspace.LogFile, cancellationToken).ConfigureAwait(false);
            return Failed(request, timer, outputFailure);
        }

        timer.Begin(RealisationPhase.Upload);
        return await PublishAsync(request, trust.Verified, checkedOutputs, workspace.LogFile, timer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports the missing inputs, builds, and restores the outputs into the workspace's store view; returns the
    /// derivation's own failure (Nix's error), or null. A broken connection throws.
    /// </summary>
    private async Task<RealisationFailure?> BuildRemotelyAsync(
        RealiseRequest request,
        Derivation derivation,
        string drvPath,
        HashSet<StorePath> roots,
        InputClosure closure,
        Dictionary<string, StorePath> outputs,
        SshServeSession session,
        BuildWorkspace workspace,
        PhaseTimer timer,
        CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var present = await connection.QueryValidPathsAsync(closure.Entries.Keys, cancellationToken).ConfigureAwait(false);
        var missing = TopologicalOrder(closure.Entries.Where(e => !present.Contains(e.Key)).ToDictionary());
        request.Progress?.Report(string.Create(CultureInfo.InvariantCulture, $"copying {missing.Count} of {closure.Entries.Count} input paths to '{session.Machine.StoreUri}'"));
        foreach (var (_, entry) in missing)
        {
            var hostPath = entry.HostPath;
            await connection.AddToStoreAsync(entry.NarInfo, (stream, _) => Task.Run(() => NarWriter.Dump(hostPath, stream), CancellationToken.None), cancellationToken).ConfigureAwait(false);
        }

        timer.Begin(RealisationPhase.Build);
        ServeBuildResult result;
        var logFile = new FileBuildLogSink(workspace.LogFile);
        await using (logFile.ConfigureAwait(false))
        {
            session.LogSink = new TeeLogSink(logFile, request.LogSink);
            try
            {
                var inputs = derivation.InputDrvs.Count > 0 ? (IReadOnlyCollection<StorePath>)roots : derivation.InputSrcs.ToArray();
                var options = new ServeBuildOptions(
                    MaxSilentTime: Seconds(request.MaxSilentTime ?? _node.MaxSilentTime),
                    Timeout: Seconds(request.Timeout ?? _node.Timeout));
                result = await connection.BuildDerivationAsync(request.DrvPath, derivation, inputs, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                session.LogSink = null;
            }
        }

        if (!result.Succeeded)
        {
            var kind = result.Status switch
            {
                ServeBuildStatus.TimedOut => FailureKind.TimedOut,
                _ => FailureKind.BuilderFailed,
            };
            return new RealisationFailure(kind, $"build of '{drvPath}' on '{session.Machine.StoreUri}' failed: {AnsiEscapes.Strip(result.ErrorMessage)}", LogTailOf(workspace.LogFile));
        }

        timer.Begin(RealisationPhase.Scan);
        var infos = (await connection.QueryPathInfosAsync(outputs.Values, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Path);
        foreach (var (name, path) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!infos.TryGetValue(path, out var info))
            {
                return new RealisationFailure(FailureKind.MissingOutput, $"builder for '{drvPath}' on '{session.Machine.StoreUri}' did not produce output path '{_storeDir.Print(path)}'");
            }

            await DownloadOutputAsync(connection, info, workspace, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    // Streams the NAR to a spool file while hashing it, checks it against the machine's NAR hash and size, and only
    // then unpacks it into the store view: a NAR cut short never becomes an output.
    private async Task DownloadOutputAsync(ServeConnection connection, RemotePathInfo info, BuildWorkspace workspace, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(workspace.NarDirectory, info.Path.BaseName + ".remote.nar");
        NarHashAndSize measured;
        var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            using var hashing = new HashingWriteStream(file);
            await connection.DumpStorePathAsync(info.Path, hashing, cancellationToken).ConfigureAwait(false);
            await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
            measured = hashing.GetHashAndSize();
        }

        if (measured.NarHash != info.NarHash || measured.NarSize != info.NarSize)
        {
            throw new ServeProtocolException(
                $"the NAR of '{_storeDir.Print(info.Path)}' from '{connection.Machine}' has hash {measured.NarHash} and size {measured.NarSize}, but the machine records {info.NarHash} and {info.NarSize}");
        }

        var nar = File.OpenRead(spool);
        await using (nar.ConfigureAwait(false))
        {
            NarUnpacker.Unpack(nar, Path.Combine(workspace.StoreDirectory, info.Path.BaseName));
        }

        File.Delete(spool);
    }

    // References before the paths that refer to them: Nix registers a path only once its references are valid.
    private static List<KeyValuePair<StorePath, LocalStoreEntry>> TopologicalOrder(Dictionary<StorePath, LocalStoreEntry> paths)
    {
        var ordered = new List<KeyValuePair<StorePath, LocalStoreEntry>>(paths.Count);
        var visited = new HashSet<StorePath>();
        void Visit(StorePath path)
        {
            if (!visited.Add(path))
            {
                return;
            }

            var entry = paths[path];
            foreach (var reference in entry.NarInfo.References.Where(r => r != path && paths.ContainsKey(r)))
            {
                Visit(reference);
            }

            ordered.Add(KeyValuePair.Create(path, entry));
        }

        foreach (var path in paths.Keys.Order())
        {
            Visit(path);
        }

        return ordered;
    }

    // The end of this build's log (a reused session's stderr also holds earlier builds' logs).
    private static string LogTailOf(string logFile)
    {
        const int TailBytes = 8 << 10;
        using var file = File.OpenRead(logFile);
        file.Seek(Math.Max(0, file.Length - TailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }

    private static ulong Seconds(TimeSpan? limit) => limit is { } value && value > TimeSpan.Zero ? (ulong)Math.Ceiling(value.TotalSeconds) : 0;

    /// <summary>What the check of a remotely built derivation's <c>.drv</c> closure established.</summary>
    private sealed record RemoteTrust(
        DerivationVerification Verified, Dictionary<StorePath, IReadOnlyDictionary<string, StorePath?>> InputOutputs);
}
