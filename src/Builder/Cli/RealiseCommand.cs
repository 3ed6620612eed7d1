using System.CommandLine;
using System.Globalization;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Cli;

/// <summary>
/// <c>asterfarm-builder realise &lt;drv&gt; --cache URL</c>: realises one derivation on this machine exactly as the
/// cluster node does, uploads its outputs and log, and prints each output's path, NAR hash and size.
/// </summary>
public static class RealiseCommand
{
    private const string Section = BuilderNodeOptions.SectionName + ":";

    public static Command Create()
    {
        var drv = new Argument<string>("drv") { Description = "The derivation: a local .drv file, or a /nix/store/….drv path fetched from the cache" };
        var cache = new Option<string>("--cache") { Description = "The binary cache URL inputs come from and outputs go to", Required = true };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the cache's write token (default: $ASTERFARM_TOKEN)" };
        var storeDir = new Option<string?>("--store-dir-local") { Description = "The builder's local store of fetched inputs (default /var/lib/asterfarm/builder/store)" };
        var workDir = new Option<string?>("--work-dir") { Description = "Where per-build directories are made (default /var/lib/asterfarm/builder/work)" };
        var keep = new Option<bool>("--keep-build-dir") { Description = "Keep the build's work directory (build dir, outputs, log) for debugging" };
        var timeout = new Option<double?>("--timeout") { Description = "Kill the build after this many seconds" };
        var silent = new Option<double?>("--max-silent-time") { Description = "Kill the build after this many seconds without output" };
        var cores = new Option<int?>("--cores") { Description = "NIX_BUILD_CORES (default: processors / slots)" };
        var quiet = new Option<bool>("--quiet") { Description = "Do not copy the build log to stderr" };
        var command = new Command("realise", "Realise one derivation as nix-build would and upload its outputs to the cache")
        {
            drv, cache, tokenFile, storeDir, workDir, keep, timeout, silent, cores, quiet,
        };
        CliAction.Set(command, async (parse, cancellationToken) =>
        {
            // One derivation: one slot, so the build gets every core unless --cores says otherwise.
            var overrides = new Dictionary<string, string?> { [Section + nameof(BuilderNodeOptions.Slots)] = "1" };
            AddIfGiven(overrides, nameof(BuilderNodeOptions.StoreDirectory), parse.GetValue(storeDir));
            AddIfGiven(overrides, nameof(BuilderNodeOptions.WorkDirectory), parse.GetValue(workDir));
            AddIfGiven(overrides, nameof(BuilderNodeOptions.CoresPerSlot), parse.GetValue(cores)?.ToString(CultureInfo.InvariantCulture));
            var (node, sandbox) = BuilderConfiguration.Load(overrides);
            var token = WriteToken.Read(parse.GetValue(tokenFile));
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var request = await ResolveAsync(parse.GetValue(drv)!, cancellationToken).ConfigureAwait(false) with
            {
                KeepBuildDirectory = parse.GetValue(keep),
                Timeout = parse.GetValue(timeout) is { } t ? TimeSpan.FromSeconds(t) : null,
                MaxSilentTime = parse.GetValue(silent) is { } s ? TimeSpan.FromSeconds(s) : null,
                Progress = new ConsoleProgress(error),
                LogSink = parse.GetValue(quiet) ? null : new StreamLogSink(Console.OpenStandardError()),
            };
            using var services = BuilderServices.Create(node, sandbox, new Uri(parse.GetValue(cache)!), token);
            var result = await services.Realiser.RealiseAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var kind = result.Failure.Class switch
                {
                    FailureClass.Build => "build failure",
                    FailureClass.Infrastructure => "infrastructure failure, worth a retry",
                    _ => "refused by this node",
                };
                await error.WriteLineAsync(CliAction.OneLine($"{result.Failure.Message} ({kind})")).ConfigureAwait(false);
                return CliAction.Failed;
            }

            foreach (var realised in result.Outputs)
            {
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{realised.Name} {StoreDir.Default.Print(realised.Path)} {realised.NarHash.Format(HashEncoding.Base32)} {realised.NarSize}")).ConfigureAwait(false);
            }

            var timings = result.Timings;
            await error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"asterfarm-builder: done in {timings.Total.TotalSeconds:0.000} s (fetch {timings.Fetch.TotalSeconds:0.000}, setup {timings.Setup.TotalSeconds:0.000}, build {timings.Build.TotalSeconds:0.000}, scan {timings.Scan.TotalSeconds:0.000}, upload {timings.Upload.TotalSeconds:0.000})")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>A local file is read (its input .drv files come from the cache, else from the file's directory); a store path is fetched.</summary>
    private static async Task<RealiseRequest> ResolveAsync(string drv, CancellationToken cancellationToken)
    {
        if (File.Exists(drv))
        {
            var bytes = await File.ReadAllBytesAsync(drv, cancellationToken).ConfigureAwait(false);
            var derivation = DerivationParser.Parse(bytes, StoreDir.Default);
            return new RealiseRequest
            {
                DrvPath = DerivationHashes.DrvPath(StoreDir.Default, derivation, bytes),
                DrvBytes = bytes,
                LocalDerivationDirectory = Path.GetDirectoryName(Path.GetFullPath(drv)),
            };
        }

        return StoreDir.Default.TryParse(drv, out var path, out var parseError)
            ? new RealiseRequest { DrvPath = path }
            : throw new ArgumentException($"'{drv}' is neither a file nor a store path: {parseError}");
    }

    private static void AddIfGiven(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[Section + key] = value;
        }
    }
}
