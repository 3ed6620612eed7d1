using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// Makes real <c>.drv</c> files with our own derivation code (output paths as the evaluator fills them in) and puts
/// them into a cache store the way <c>asterfarm submit</c> uploads them: text paths with their references.
/// </summary>
public sealed class TestDerivations(IBinaryCacheStore store, string scratch)
{
    private readonly Dictionary<StorePath, Derivation> _known = [];

    public StoreDir StoreDir { get; } = StoreDir.Default;

    /// <summary>Creates and uploads a derivation; returns its <c>.drv</c> path.</summary>
    public async Task<StorePath> AddAsync(
        string name, string system = "x86_64-linux", IEnumerable<StorePath>? inputs = null, IEnumerable<StorePath>? sources = null,
        string? requiredFeatures = null, bool upload = true)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = name, ["out"] = string.Empty, ["system"] = system, ["builder"] = "/bin/sh" };
        if (requiredFeatures is not null)
        {
            env["requiredSystemFeatures"] = requiredFeatures;
        }

        var draft = Derivation.Create(
            [KeyValuePair.Create("out", (DerivationOutput)DeferredOutput.Instance)],
            (inputs ?? []).Select(input => KeyValuePair.Create(input, (IEnumerable<string>)["out"])),
            sources ?? [],
            system,
            "/bin/sh",
            ["-c", "echo " + name],
            env);
        var hasher = new DerivationHasher(StoreDir, path => _known.GetValueOrDefault(path));
        var derivation = hasher.FillInOutputPaths(draft);
        var bytes = DerivationPrinter.Print(derivation, StoreDir);
        var path = DerivationHashes.DrvPath(StoreDir, derivation, bytes);
        _known[path] = derivation;
        if (upload)
        {
            await PutFileAsync(path, bytes, derivation.References(), ContentAddress.Text(NixHash.Sha256(bytes)));
        }

        return path;
    }

    /// <summary>
    /// Uploads under <paramref name="drvPath"/> (made with <c>upload: false</c>) a forgery: the same outputs, inputs and
    /// environment, another builder, so its bytes no longer hash to the path.
    /// </summary>
    public async Task UploadForgeryAsync(StorePath drvPath, string builder)
    {
        var real = _known[drvPath];
        var forged = Derivation.Create(
            real.Outputs,
            real.InputDrvs.Select(input => KeyValuePair.Create(input.Key, (IEnumerable<string>)input.Value)),
            real.InputSrcs,
            real.System,
            builder,
            real.Args,
            real.Env);
        var bytes = DerivationPrinter.Print(forged, StoreDir);
        // Without a CA: the cache refuses a text address that does not give the path, so a forger leaves it out.
        await PutFileAsync(drvPath, bytes, forged.References(), address: null);
    }

    /// <summary>
    /// Uploads a derivation <paramref name="name"/> that states <paramref name="claimed"/> as its output path (e.g. another
    /// package's), under the path its own bytes hash to: named honestly, but its output path is not the one Nix computes.
    /// </summary>
    public async Task<StorePath> AddClaimingAsync(string name, StorePath claimed)
    {
        var honest = _known[await AddAsync(name, upload: false)];
        var lying = Derivation.Create(
            [KeyValuePair.Create("out", (DerivationOutput)new InputAddressedOutput(claimed))],
            honest.InputDrvs.Select(input => KeyValuePair.Create(input.Key, (IEnumerable<string>)input.Value)),
            honest.InputSrcs,
            honest.System,
            honest.Builder,
            honest.Args,
            honest.Env.Select(entry => entry.Key == "out" ? KeyValuePair.Create("out", StoreDir.Print(claimed)) : entry));
        var bytes = DerivationPrinter.Print(lying, StoreDir);
        var path = DerivationHashes.DrvPath(StoreDir, lying, bytes);
        _known[path] = lying;
        await PutFileAsync(path, bytes, lying.References(), ContentAddress.Text(NixHash.Sha256(bytes)));
        return path;
    }

    /// <summary>The output path of <paramref name="drv"/>'s <c>out</c>.</summary>
    public StorePath OutputOf(StorePath drv) => _known[drv].Outputs["out"].Path!.Value;

    /// <summary>Puts a path (a one-file NAR) into the cache, e.g. an output that was "built" before or an input source.</summary>
    public Task<NarInfo> PutPathAsync(StorePath path) => PutFileAsync(path, System.Text.Encoding.UTF8.GetBytes(path.Name), [], null);

    /// <summary>"Builds" <paramref name="drv"/>: puts each of its outputs into the cache; returns them as a builder reports them.</summary>
    public async Task<BuiltOutput[]> PutOutputsAsync(StorePath drv)
    {
        var outputs = new List<BuiltOutput>();
        foreach (var (name, output) in _known[drv].Outputs)
        {
            var stored = await PutPathAsync(output.Path!.Value);
            outputs.Add(new BuiltOutput(name, output.Path!.Value, stored.NarHash, (long)stored.NarSize));
        }

        return [.. outputs];
    }

    private async Task<NarInfo> PutFileAsync(StorePath path, byte[] contents, IEnumerable<StorePath> references, ContentAddress? address)
    {
        var file = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, contents);
        using var nar = new MemoryStream();
        NarWriter.Dump(file, nar);
        var narBytes = nar.ToArray();
        var name = new NarFileName(NixHash.Sha256(narBytes), NarCompression.None);
        var stored = await store.PutNarAsync(name, new MemoryStream(narBytes));
        Assert.True(stored.IsStored, stored.ToString());
        var narInfo = new NarInfo
        {
            StorePath = path,
            Url = name.Url,
            Compression = NarCompression.None.NixName(),
            FileHash = stored.Value.FileHash,
            FileSize = (ulong)stored.Value.FileSize,
            NarHash = stored.Value.NarHash,
            NarSize = (ulong)stored.Value.NarSize,
            References = [.. references],
            ContentAddress = address,
        };
        var put = await store.PutNarInfoAsync(path.HashPart, narInfo);
        Assert.True(put.IsStored, put.ToString());
        return narInfo;
    }
}
