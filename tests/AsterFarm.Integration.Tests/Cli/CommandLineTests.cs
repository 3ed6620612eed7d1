using System.Text.Json;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cli;

/// <summary>The <c>asterfarm</c> debugging commands, run as processes and compared with real Nix.</summary>
public sealed class CommandLineTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Theory]
    [InlineData("drv", "show")]
    [InlineData("nar", "pack")]
    [InlineData("nar", "unpack")]
    [InlineData("nar", "hash")]
    [InlineData("nar", "refs")]
    [InlineData("key", "generate")]
    [InlineData("narinfo", "sign")]
    [InlineData("narinfo", "verify")]
    public void Every_command_has_help(string area, string command)
    {
        var help = AsterfarmCli.Succeed(area, command, "--help");

        Assert.Contains("Usage:", help, StringComparison.Ordinal);
        Assert.Contains($"{area} {command}", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Drv_show_prints_the_drv_path_and_the_output_paths_nix_computed()
    {
        var marker = Guid.NewGuid().ToString("N");
        var drvPaths = NixDerivations.Instantiate($$"""
            let dep = derivation { name = "cli-dep-{{marker}}"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
            in derivation { name = "cli-top-{{marker}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo ${dep.dev}" ]; }
            """);
        var drv = Store.Print(drvPaths.Single());
        var nixOutput = NixTool.Run("nix-store", "-q", "--outputs", drv).Trim();

        var text = AsterfarmCli.Succeed("drv", "show", drv);
        using var json = JsonDocument.Parse(AsterfarmCli.Succeed("drv", "show", drv, "--json", "--closure", Store.Path));

        Assert.StartsWith(drv + "\n", text, StringComparison.Ordinal);
        Assert.Contains($"{nixOutput}  [matches Nix]", text, StringComparison.Ordinal);
        var root = json.RootElement;
        Assert.Equal(drv, root.GetProperty("drvPath").GetString());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(nixOutput, root.GetProperty("outputs").GetProperty("out").GetProperty("computedPath").GetString());
        Assert.Equal(2, root.GetProperty("closure").GetArrayLength());
    }

    [Fact]
    public void Drv_show_of_a_malformed_file_fails_with_the_byte_offset()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("bad.drv");
        File.WriteAllText(file, "Derive([(\"out\",\"/nix/store/x\"");

        var error = AsterfarmCli.Fail("drv", "show", file);

        Assert.Contains("bad.drv", error, StringComparison.Ordinal);
        Assert.Contains("at byte", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nar_pack_and_hash_equal_nix_store_dump_and_nix_hash()
    {
        using var dir = new TempDirectory();
        var tree = dir.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        File.WriteAllText(Path.Combine(tree, "sub", "é file"), "contents\n");
        File.WriteAllText(Path.Combine(tree, "run"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(tree, "run"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "/nix/store/dangling");

        var ours = AsterfarmCli.Run("nar", "pack", tree);
        var hash = AsterfarmCli.Succeed("nar", "hash", tree).Trim();

        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(NixTool.RunBytes("nix-store", ["--dump", tree]), ours.Stdout);
        Assert.Equal("sha256:" + NixTool.Run("nix-hash", "--type", "sha256", "--base32", tree).Trim(), hash);
    }

    [Fact]
    public void Nar_unpack_restores_the_tree_and_refuses_a_truncated_nar_leaving_nothing()
    {
        using var dir = new TempDirectory();
        var nar = File.ReadAllBytes(Path.Combine(TestVectors.Directory, "nar", "tree.nar"));
        var restored = dir.Combine("restored");
        var truncatedTarget = dir.Combine("truncated");

        var unpack = AsterfarmCli.Run(["nar", "unpack", "-", restored], nar);
        var error = AsterfarmCli.Fail(["nar", "unpack", "-", truncatedTarget], nar[..(nar.Length / 2)]);

        Assert.True(unpack.ExitCode == 0, unpack.ToString());
        Assert.Equal("abc", File.ReadAllText(Path.Combine(restored, "a.txt")));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(restored, "link")).LinkTarget);
        Assert.Contains("end of NAR", error, StringComparison.Ordinal);
        Assert.False(Path.Exists(truncatedTarget));
    }

    [Fact]
    public void Nar_refs_reports_only_candidates_whose_hash_occurs()
    {
        var nar = Path.Combine(TestVectors.Directory, "cache", "nar", "0zhb2r2l5gqwi9dsnnb4bz13094mr4k2f450qrlczr5qdsyqjid0.nar");

        var found = AsterfarmCli.Succeed(
            "nar", "refs", nar,
            "/nix/store/l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev",
            "/nix/store/ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat");

        Assert.Equal("/nix/store/l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev\n", found);
    }

    [Fact]
    public void A_generated_key_signs_a_narinfo_that_verifies_and_tampering_is_caught()
    {
        using var dir = new TempDirectory();
        var secret = dir.Combine("k.sk");
        var publicKey = dir.Combine("k.pk");
        var narInfo = dir.Combine("x.narinfo");
        File.Copy(Path.Combine(TestVectors.Directory, "cache", "4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp.narinfo"), narInfo);

        var printed = AsterfarmCli.Succeed("key", "generate", "cli-test-1", "--secret-key-file", secret, "--public-key-file", publicKey);
        AsterfarmCli.Succeed("narinfo", "sign", narInfo, "--key-file", secret, "--in-place");
        var verified = AsterfarmCli.Succeed("narinfo", "verify", narInfo, "--public-key-file", publicKey);
        File.WriteAllText(narInfo, File.ReadAllText(narInfo).Replace("NarSize: 120", "NarSize: 121", StringComparison.Ordinal));
        var error = AsterfarmCli.Fail("narinfo", "verify", narInfo, "--public-key-file", publicKey);

        Assert.Equal(File.ReadAllText(publicKey) + "\n", printed);
        Assert.StartsWith("cli-test-1:", printed, StringComparison.Ordinal);
        Assert.Contains("cli-test-1: valid signature", verified, StringComparison.Ordinal);
        Assert.Contains("not trusted", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fixed:sha256", false)]
    [InlineData("fixed:sha256", true)]
    [InlineData("text:sha256", true)]
    public void Verify_refuses_a_signed_narinfo_whose_ca_contradicts_its_nar(string address, bool pathFromTheLie)
    {
        using var dir = new TempDirectory();
        var nar = Cache.Hostile.Nars.RegularFile("fetched source\n"u8.ToArray());
        var narHash = Shared.Hashing.NixHash.Sha256(nar);
        var lie = Shared.Hashing.NixHash.Sha256("other contents\n");
        var ca = address == "text:sha256" ? ContentAddress.Text(lie) : ContentAddress.Fixed(FileIngestionMethod.Flat, lie);
        Assert.True(ca.TryMakeStorePath(Store, "source", [], false, out var fromCa, out var error), error);
        var path = pathFromTheLie ? fromCa : StorePath.FromDigest(Shared.Hashing.NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), "source");
        Directory.CreateDirectory(dir.Combine("nar"));
        var file = new Shared.BinaryCache.NarFileName(narHash, Shared.BinaryCache.NarCompression.None);
        File.WriteAllBytes(dir.Combine(file.Url), nar);
        using var key = Shared.Signing.NixSecretKey.Generate("cli-ca-1");
        var narInfo = Shared.Signing.NarInfoSigner.Sign(
            new Shared.NarInfoFormat.NarInfo
            {
                StorePath = path,
                Url = file.Url,
                Compression = "none",
                FileHash = narHash,
                FileSize = (ulong)nar.Length,
                NarHash = narHash,
                NarSize = (ulong)nar.Length,
                References = [],
                ContentAddress = ca,
            },
            key);
        File.WriteAllText(dir.Combine(path.HashPart + ".narinfo"), Shared.NarInfoFormat.NarInfoWriter.Print(narInfo));
        File.WriteAllText(dir.Combine("k.pk"), key.PublicKey.ToKeyFileText());

        var refused = AsterfarmCli.Fail("narinfo", "verify", dir.Combine(path.HashPart + ".narinfo"), "--public-key-file", dir.Combine("k.pk"));

        Assert.Contains(pathFromTheLie ? "ca hash mismatch" : "does not give the store path", refused, StringComparison.Ordinal);
        Assert.Contains("not trusted", refused, StringComparison.Ordinal);
    }
}
