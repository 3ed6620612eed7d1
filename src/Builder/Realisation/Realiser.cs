using System.Globalization;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation.FetchUrl;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// Realises one derivation as <c>nix-build</c> would and uploads its outputs: loads the .drv (from the cache unless
/// given), refuses what this node cannot build before fetching anything else, fetches the input closure into the
/// local store, runs the builder in the sandbox (natively, under QEMU, or <c>builtin:fetchurl</c> in-process),
/// checks, canonicalises, archives and scans the outputs, uploads NARs, narinfos and the log, and returns a
/// <see cref="RealisationResult"/>. Every expected failure is a result value; only cancellation throws.
/// </summary>
public sealed partial class Realiser
{
    private readonly BuilderNodeOptions _node;
    private readonly NodeCapabilities _capabilities;
    private readonly LocalStore _store;
    private readonly BinaryCacheClient _cache;
    private readonly InputFetcher _fetcher;
    private readonly SandboxedProcess _sandbox;
    private readonly BuiltinFetchUrl _fetchUrl;
    private readonly TimeProvider _time;
    private readonly SandboxSlots _sandboxSlots;
    private readonly ImpureVariables _impureVariables;
    private readonly IReadOnlyList<byte[]> _secrets;
    private readonly VerifiedDerivations _verifiedDerivations;
    private readonly StoreDir _storeDir = StoreDir.Default;

    /// <param name="node">The node's settings (work directory, cores, limits).</param>
    /// <param name="sandbox">The sandbox's settings.</param>
    /// <param name="capabilities">Systems, emulators and features of this node.</param>
    /// <param name="store">The local store inputs are fetched into.</param>
    /// <param name="cache">The binary cache inputs come from and outputs go to.</param>
    /// <param name="fetchUrlClient">The HTTP client of <c>builtin:fetchurl</c> (default: one without TLS verification, as Nix 2.8).</param>
    /// <param name="time">Clock for the timings and the sandbox's limits.</param>
    /// <param name="secrets">The node's secrets (the cache's write token), redacted from every build log.</param>
    public Realiser(
        BuilderNodeOptions node,
        SandboxOptions sandbox,
        NodeCapabilities capabilities,
        LocalStore store,
        BinaryCacheClient cache,
        HttpClient? fetchUrlClient = null,
        TimeProvider? time = null,
        IEnumerable<string?>? secrets = null)
    {
        _node = node ?? throw new ArgumentNullException(nameof(node));
        _capabilities = capabilities ?? throw new ArgumentNullException(nameof(capabilities));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _time = time ?? TimeProvider.System;
        _sandboxSlots = new SandboxSlots(node.EffectiveSlots);
        _sandbox = new SandboxedProcess(sandbox, _time);
        _impureVariables = new ImpureVariables(sandbox);
        // What a killed or crashed node left; live builds of another process sharing the directory are locked.
        BuildWorkspace.SweepStale(node.WorkDirectory);
        _secrets = [.. (secrets ?? []).Where(s => !string.IsNullOrEmpty(s)).Select(s => System.Text.Encoding.UTF8.GetBytes(s!))];
        _fetcher = new InputFetcher(store, cache, _storeDir);
        _verifiedDerivations = new VerifiedDerivations(node.VerifiedDerivationsKept);
        _fetchUrl = new BuiltinFetchUrl(fetchUrlClient ?? BuiltinFetchUrl.CreateHttpClient());
    }

    /// <summary>Realises <paramref name="request"/>'s derivation. Cancelling kills the build and throws <see cref="OperationCanceledException"/>.</summary>
    public async Task<RealisationResult> RealiseAsync(RealiseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timer = new PhaseTimer(_time);
        try
        {
            return await RealiseCoreAsync(request, timer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && Classify(error) is { } failure)
        {
            return new RealisationResult(request.DrvPath, [], timer.Snapshot(), failure);
        }
    }

    private async Task<RealisationResult> RealiseCoreAsync(RealiseRequest request, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var drvPath = _storeDir.Print(request.DrvPath);
        timer.Begin(RealisationPhase.Fetch);
        var drvBytes = request.DrvBytes ?? await LoadDerivationBytesAsync(request.DrvPath, request.LocalDerivationDirectory, cancellationToken).ConfigureAwait(false);
        var derivation = DerivationParser.Parse(drvBytes, _storeDir);
        if (WhyUnsupported(derivation, drvPath) is { } refusal)
        {
            return Failed(request, timer, new RealisationFailure(FailureKind.Unsupported, refusal));
        }

        var (verified, inputOutputs, untrusted) = await VerifyDerivationAsync(request.DrvPath, drvBytes, derivation, request.LocalDerivationDirectory, cancellationToken).ConfigureAwait(false);
        if (untrusted is not null)
        {
            return Failed(request, timer, untrusted);
        }

        var outputs = derivation.Outputs.ToDictionary(o => o.Key, o => o.Value.Path!.Value, StringComparer.Ordinal);
        var roots = await InputRootsAsync(derivation, request.LocalDerivationDirectory, inputOutputs, cancellationToken).ConfigureAwait(false);
        request.Progress?.Report($"fetching the closure of {roots.Count} input paths");
        using var closure = await _fetcher.FetchClosureAsync(roots, cancellationToken).ConfigureAwait(false);
        request.Progress?.Report($"fetched {closure.Downloaded} of {closure.Entries.Count} input paths (the others were present)");

        timer.Begin(RealisationPhase.Setup);
        using var slot = await _sandboxSlots.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var workspace = new BuildWorkspace(_node.WorkDirectory, request.DrvPath, request.KeepBuildDirectory);
        if (request.KeepBuildDirectory)
        {
            request.Progress?.Report($"keeping the build's work directory {workspace.Root}");
        }

        var environment = BuildEnvironment.Create(derivation, _storeDir, outputs, _node.EffectiveCores, hostEnvironment: _impureVariables.Lookup);
        foreach (var (name, content) in environment.Files)
        {
            await File.WriteAllBytesAsync(Path.Combine(workspace.BuildDirectory, name), content, cancellationToken).ConfigureAwait(false);
        }

        timer.Begin(RealisationPhase.Build);
        var emulator = _capabilities.EmulatorFor(derivation.System);
        request.Progress?.Report(string.Create(
            CultureInfo.InvariantCulture,
            $"building '{drvPath}' ({derivation.System}{(emulator is null ? string.Empty : ", emulated by " + Path.GetFileName(emulator.EmulatorPath))})"));
        RealisationFailure? buildFailure;
        var logFile = new FileBuildLogSink(workspace.LogFile);
        await using (logFile.ConfigureAwait(false))
        {
            var log = new TeeLogSink(logFile, request.LogSink);
            if (derivation.Builder.StartsWith("builtin:", StringComparison.Ordinal))
            {
                var error = await _fetchUrl.RunAsync(derivation, Path.Combine(workspace.StoreDirectory, outputs["out"].BaseName), log, cancellationToken).ConfigureAwait(false);
                buildFailure = error is null ? null : new RealisationFailure(FailureKind.BuilderFailed, $"builder for '{drvPath}' failed: {error}");
            }
            else
            {
                var spec = new SandboxSpec
                {
                    Builder = derivation.Builder,
                    Arguments = derivation.Args,
                    Environment = environment.Variables,
                    BuildDirectory = workspace.BuildDirectory,
                    StoreDirectory = workspace.StoreDirectory,
                    InputPaths = [.. closure.Entries.Values.Select(e => e.HostPath).Order(StringComparer.Ordinal)],
                    AllowNetwork = derivation.Type == DerivationType.FixedOutput,
                    Emulator = emulator,
                    Timeout = request.Timeout ?? _node.Timeout,
                    MaxSilentTime = request.MaxSilentTime ?? _node.MaxSilentTime,
                    RedactedSecrets = _secrets,
                };
                var run = await _sandbox.RunAsync(spec, log, cancellationToken).ConfigureAwait(false);
                buildFailure = run.Succeeded ? null : DescribeBuildFailure(run, drvPath, spec);
            }
        }

        if (buildFailure is not null)
        {
            slot.Release();
            timer.Begin(RealisationPhase.Upload);
            await TryUploadLogAsync(request.DrvPath, workspace.LogFile, cancellationToken).ConfigureAwait(false);
            return Failed(request, timer, buildFailure);
        }

        timer.Begin(RealisationPhase.Scan);
        var candidates = closure.Entries.Keys.Concat(outputs.Values).ToHashSet();
        var checkedOutputs = CheckOutputs(derivation, drvPath, outputs, candidates, workspace, out var outputFailure);
        if (outputFailure is not null)
        {
            slot.Release();
            timer.Begin(RealisationPhase.Upload);
            await TryUploadLogAsync(request.DrvPath, workspace.LogFile, cancellationToken).ConfigureAwait(false);
            return Failed(request, timer, outputFailure);
        }

        slot.Release();
        timer.Begin(RealisationPhase.Upload);
        request.Progress?.Report($"uploading {checkedOutputs.Count} outputs");
        return await PublishAsync(request, verified!, checkedOutputs, workspace.LogFile, timer, cancellationToken).ConfigureAwait(false);
    }

    private string? WhyUnsupported(Derivation derivation, string drvPath)
    {
        if (_capabilities.WhyCannotBuild(derivation, drvPath) is { } why)
        {
            return why;
        }

        if (derivation.Type is not (DerivationType.InputAddressed or DerivationType.FixedOutput))
        {
            return $"cannot build '{drvPath}': {derivation.Type} derivations (content-addressed with outputs known only after the build) are not supported; only input-addressed and fixed-output ones are";
        }

        return derivation.Builder.StartsWith('/') || derivation.Builder.StartsWith("builtin:", StringComparison.Ordinal)
            ? null
            : $"cannot build '{drvPath}': its builder '{derivation.Builder}' is not an absolute path";
    }

    private static RealisationResult Failed(RealiseRequest request, PhaseTimer timer, RealisationFailure failure) =>
        new(request.DrvPath, [], timer.Snapshot(), failure);
}
