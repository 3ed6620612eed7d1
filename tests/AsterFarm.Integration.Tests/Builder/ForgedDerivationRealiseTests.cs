using AsterFarm.Builder.Realisation;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Builder;

/// <summary>
/// The builder trusts no <c>.drv</c> by name (issue 11, defect 2): bytes stored under a real drv path that do not hash
/// to it (another builder, the same output path) fail as a build-class failure naming the path, before anything runs or
/// is uploaded; the honest derivation still builds.
/// </summary>
public sealed class ForgedDerivationRealiseTests
{
    [Fact]
    public async Task A_drv_whose_bytes_do_not_hash_to_its_path_is_not_built_and_nothing_is_uploaded()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var real = NixDerivations.Instantiate(
            $"derivation {{ name = \"openssl-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"echo real > $out\" ]; }}")[0];
        var honest = DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(real)), NixDerivations.Store);
        var forged = Derivation.Create(
            honest.Outputs,
            [],
            honest.InputSrcs,
            honest.System,
            honest.Builder,
            ["-c", $"echo evil-{unique} > $out"],
            honest.Env);
        await using var bed = await RealiseTestBed.StartAsync();
        await UploadTextAsync(bed, real, DerivationPrinter.Print(forged, NixDerivations.Store), forged.References());

        var result = await bed.RealiseAsync(real);

        Assert.False(result.Succeeded, "the forged derivation was built");
        Assert.Equal(FailureKind.UntrustedDerivation, result.Failure!.Kind);
        Assert.Equal(FailureClass.Build, result.Failure.Class);
        Assert.Contains(NixDerivations.Store.Print(real), result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("hash to", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.Timings.Build);
        var output = honest.Outputs["out"].Path!.Value;
        Assert.Null(await bed.Cache.GetNarInfoAsync(output));
    }

    [Fact]
    public async Task A_forged_drv_is_refused_even_when_the_honest_one_under_its_path_was_built_before()
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var real = NixDerivations.Instantiate(
            $"derivation {{ name = \"memo-{unique}\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"echo real > $out\" ]; }}")[0];
        await using var bed = await RealiseTestBed.StartAsync();
        await bed.UploadDerivationClosureAsync([real]);
        await bed.RealiseAllAsync([real]);

        var result = await bed.Services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = real, DrvBytes = DerivationPrinter.Print(Forge(real, unique), NixDerivations.Store) });

        Assert.False(result.Succeeded, "a forgery was built under a path the node had verified before");
        Assert.Equal(FailureKind.UntrustedDerivation, result.Failure!.Kind);
        Assert.Contains("hash to", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, result.Timings.Build);
    }

    // The node remembers the input .drv files it verified: a dependant's build reads and hashes only its own, so bytes
    // put under a verified path afterwards (here: in the node's own store) never reach a build. Without the memory
    // (VerifiedDerivationsKept 0) the dependant reads them and is refused.
    [Theory]
    [InlineData(50_000, true)]
    [InlineData(0, false)]
    public async Task An_input_drv_verified_by_an_earlier_build_is_not_read_again_by_its_dependants(int kept, bool dependantBuilds)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var dependant = NixDerivations.Instantiate($$"""
            let input = derivation { name = "input-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo input > $out" ]; };
            in derivation { name = "dependant-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "read line < $dep; echo \"$line\" > $out" ]; dep = input; }
            """)[0];
        var input = DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(dependant)), NixDerivations.Store).InputDrvs.Keys.Single();
        await using var bed = await RealiseTestBed.StartAsync(node => node.VerifiedDerivationsKept = kept);
        await bed.UploadDerivationClosureAsync([dependant]);
        await bed.RealiseAllAsync([input]);
        var stored = Path.Combine(bed.StoreDirectory, input.BaseName);
        Assert.True(File.Exists(stored), $"the input .drv is not in the node's store at {stored}");
        await File.WriteAllBytesAsync(stored, DerivationPrinter.Print(Forge(input, unique), NixDerivations.Store));

        var result = await bed.RealiseAsync(dependant);

        Assert.True(dependantBuilds == result.Succeeded, $"kept {kept}: expected the dependant to {(dependantBuilds ? "build" : "be refused")}, got {result.Failure?.ToString() ?? "a build"}");
        if (!dependantBuilds)
        {
            Assert.Equal(FailureKind.UntrustedDerivation, result.Failure!.Kind);
        }
    }

    // The derivation at drvPath with another builder script: the same outputs, bytes that hash elsewhere.
    private static Derivation Forge(StorePath drvPath, string unique)
    {
        var honest = DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(drvPath)), NixDerivations.Store);
        return Derivation.Create(
            honest.Outputs,
            honest.InputDrvs.Select(i => KeyValuePair.Create(i.Key, (IEnumerable<string>)i.Value)),
            honest.InputSrcs,
            honest.System,
            honest.Builder,
            ["-c", $"echo evil-{unique} > $out"],
            honest.Env);
    }

    private static async Task UploadTextAsync(RealiseTestBed bed, StorePath path, byte[] contents, IEnumerable<StorePath> references)
    {
        using var scratch = new TempDirectory("asterfarm-forged-drv");
        var file = scratch.Combine("drv");
        await File.WriteAllBytesAsync(file, contents);
        using var nar = new MemoryStream();
        NarWriter.Write(file, nar);
        nar.Position = 0;
        var stored = await bed.Cache.UploadPathAsync(path, nar, references);
        Assert.True(stored.IsStored, $"uploading the forgery under {path}: {stored}");
    }
}
