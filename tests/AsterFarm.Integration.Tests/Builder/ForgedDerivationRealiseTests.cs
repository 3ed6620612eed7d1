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
