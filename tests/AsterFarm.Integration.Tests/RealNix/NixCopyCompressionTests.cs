using AsterFarm.Integration.Tests.Builder;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>
/// Inputs pushed by real Nix in each compression the cache accepts (<c>nix copy --to http://…?compression=X</c>; xz is
/// Nix's default) are fetched by the builder, which then builds what needs them.
/// </summary>
public sealed class NixCopyCompressionTests
{
    [Theory]
    [InlineData("xz")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task The_builder_realises_a_derivation_whose_input_nix_copied_in(string compression)
    {
        await using var bed = await RealiseTestBed.StartAsync();
        using var work = new TempDirectory("asterfarm-nix-copy");
        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvs = NixDerivations.Instantiate($$"""
            let dep = derivation { name = "copied-dep-{{unique}}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo input from nix copy > $out" ]; };
            in [ dep (derivation { name = "needs-copied-{{unique}}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "read line < ${dep}; echo \"$line\" > $out" ]; }) ]
            """);
        var top = drvs.Single(d => d.Name.StartsWith("needs-copied-", StringComparison.Ordinal));
        var dep = (await NixClientProcess.RunCheckedAsync(
            "nix-build", work.Combine("xdg-build"), "--option", "sandbox", "false", "--no-out-link",
            NixDerivations.Store.Print(drvs.Single(d => d.Name.StartsWith("copied-dep-", StringComparison.Ordinal))))).Trim();
        var netrc = work.Combine("netrc");
        await File.WriteAllTextAsync(netrc, $"machine 127.0.0.1 login asterfarm password {RealiseTestBed.Token}\n");
        await NixClientProcess.RunCheckedAsync(
            "nix", work.Combine("xdg-copy"), "copy", "--to", bed.CacheUrl.TrimEnd('/') + "?compression=" + compression, "--option", "netrc-file", netrc, dep);
        await bed.UploadDerivationClosureAsync([top]);
        var narInfo = await File.ReadAllTextAsync(Path.Combine(bed.CacheDirectory, Path.GetFileName(dep)[..StorePath.HashPartLength] + ".narinfo"));
        Assert.Contains($"Compression: {compression}", narInfo, StringComparison.Ordinal);

        var result = await bed.RealiseAsync(top);

        Assert.True(result.Succeeded, $"realising {top} with its input in {compression}: {result.Failure}\n{result.Failure?.LogTail}");
        var output = Assert.Single(result.Outputs);
        Assert.Equal("input from nix copy\n", await File.ReadAllTextAsync(Path.Combine(bed.StoreDirectory, output.Path.BaseName)));
    }
}
