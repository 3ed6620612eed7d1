using System.Text.Json;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>Our key files, signatures and narinfos against real Nix 2.8: each side must accept what the other writes.</summary>
public sealed class SignaturesInteropTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Fact]
    public void Keys_generated_by_nix_load_sign_and_verify()
    {
        using var dir = new TempDirectory();
        NixTool.Run("nix-store", "--generate-binary-cache-key", "nix-made-1", dir.Combine("sk"), dir.Combine("pk"));

        using var secret = NixSecretKey.Load(dir.Combine("sk"));
        var publicKey = NixPublicKey.Load(dir.Combine("pk"));
        var narInfo = NarInfoSigner.Sign(SampleNarInfo(), secret);

        Assert.Equal(publicKey, secret.PublicKey);
        Assert.Equal(File.ReadAllText(dir.Combine("sk")), secret.ToKeyFileText());
        Assert.Equal(["nix-made-1"], new TrustedPublicKeys([publicKey]).Verify(narInfo).ValidKeyNames);
    }

    [Fact]
    public void Nix_accepts_a_signature_made_with_our_generated_key()
    {
        using var dir = new TempDirectory();
        using var secret = NixSecretKey.Generate("asterfarm-interop-1");
        secret.Save(dir.Combine("sk"));
        secret.PublicKey.Save(dir.Combine("pk"));
        // A path unique to this run, input-addressed so that Nix really needs a signature (CA paths need none).
        var path = Build($"asterfarm-sign-{Guid.NewGuid():N}", "echo signed > $out");

        NixTool.Run("nix", "store", "sign", "--key-file", dir.Combine("sk"), path);
        var info = PathInfo(path);

        var verification = new TrustedPublicKeys([secret.PublicKey]).Verify(info);
        Assert.Equal(["asterfarm-interop-1"], verification.ValidKeyNames);
        NixTool.Run(
            "nix", "store", "verify", "--sigs-needed", "1", "--trusted-public-keys", File.ReadAllText(dir.Combine("pk")), path);
        var refused = Assert.Throws<InvalidOperationException>(() => NixTool.Run(
            "nix", "store", "verify", "--sigs-needed", "1", "--trusted-public-keys", "other-1:" + secret.PublicKey.ToKeyFileText().Split(':')[1], path));
        Assert.Contains("untrusted", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Narinfos_written_by_nix_copy_print_back_identical_and_verify_with_nix_key()
    {
        using var dir = new TempDirectory();
        NixTool.Run("nix-store", "--generate-binary-cache-key", "nix-copy-1", dir.Combine("sk"), dir.Combine("pk"));
        var top = BuildClosure();

        var cache = CopyToFileCache(top, dir.Combine("cache"), dir.Combine("sk"));

        var trusted = new TrustedPublicKeys([NixPublicKey.Load(dir.Combine("pk"))]);
        var files = Directory.GetFiles(cache, "*.narinfo");
        Assert.Equal(2, files.Length);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var narInfo = NarInfoParser.Parse(text);
            Assert.Equal(text, narInfo.Print());
            Assert.Equal(["nix-copy-1"], trusted.Verify(narInfo).ValidKeyNames);
        }
    }

    [Fact]
    public void Nix_substitutes_from_a_cache_we_signed_and_refuses_a_tampered_signature()
    {
        using var dir = new TempDirectory();
        NixTool.Run("nix-store", "--generate-binary-cache-key", "nix-origin-1", dir.Combine("nix-sk"), dir.Combine("nix-pk"));
        using var ours = NixSecretKey.Generate("asterfarm-cache-1");
        var top = BuildClosure();
        var original = CopyToFileCache(top, dir.Combine("original"), dir.Combine("nix-sk"));
        var signed = CopyCache(original, dir.Combine("signed"), n => NarInfoSigner.Sign(n with { Signatures = [] }, ours));
        var tampered = CopyCache(original, dir.Combine("tampered"), n => n with { Signatures = [Tamper(NarInfoSigner.Sign(n, ours).Signatures.Single(s => s.StartsWith("asterfarm", StringComparison.Ordinal)))] });
        var trustOurs = ours.PublicKey.ToKeyFileText();

        ImportInto(signed, dir.Combine("root-ok"), top, trustOurs);
        var refused = Assert.Throws<InvalidOperationException>(() => ImportInto(tampered, dir.Combine("root-bad"), top, trustOurs));

        Assert.True(File.Exists(dir.Combine("root-ok") + top));
        Assert.Contains("lacks a valid signature", refused.Message, StringComparison.Ordinal);
    }

    private static void ImportInto(string cache, string root, string path, string trustedKey) =>
        NixTool.Run(
            "nix", "copy", "--from", "file://" + cache, "--to", "local?root=" + root, path,
            "--option", "trusted-public-keys", trustedKey, "--option", "require-sigs", "true");

    private static string CopyToFileCache(string path, string cache, string secretKeyFile)
    {
        NixTool.Run("nix", "copy", "--to", $"file://{cache}?compression=none&secret-key={secretKeyFile}", path);
        return cache;
    }

    /// <summary>Copies a file cache, rewriting every narinfo with <paramref name="rewrite"/>.</summary>
    private static string CopyCache(string source, string target, Func<NarInfo, NarInfo> rewrite)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (file.EndsWith(".narinfo", StringComparison.Ordinal))
            {
                File.WriteAllText(destination, rewrite(NarInfoParser.Parse(File.ReadAllText(file))).Print());
            }
            else
            {
                File.Copy(file, destination);
            }
        }

        return target;
    }

    private static string Tamper(string signature)
    {
        var parsed = NarSignature.Parse(signature);
        var bytes = parsed.Bytes.ToArray();
        bytes[10] ^= 0x01;
        return new NarSignature(parsed.KeyName, bytes).ToString();
    }

    /// <summary>Two input-addressed paths, the top one referring to the other.</summary>
    private static string BuildClosure() =>
        Build($"let dep = {Derivation("asterfarm-sigtest-dep", "echo dep > $out")}; in {Derivation("asterfarm-sigtest", "echo ${dep} > $out")}");

    private static string Build(string name, string script) => Build(Derivation(name, script));

    private static string Build(string expression) =>
        NixTool.Run("nix-build", "--no-out-link", "--option", "sandbox", "false", "-E", expression).Trim();

    /// <summary>A derivation run by /bin/sh; <paramref name="script"/> must not contain double quotes.</summary>
    private static string Derivation(string name, string script) =>
        $"derivation {{ name = \"{name}\"; system = builtins.currentSystem; builder = \"/bin/sh\"; args = [\"-c\" \"{script}\"]; }}";

    /// <summary>A narinfo built from <c>nix path-info --sigs --json</c> (the URL is irrelevant to signatures).</summary>
    private static NarInfo PathInfo(string path)
    {
        using var json = JsonDocument.Parse(NixTool.Run("nix", "path-info", "--sigs", "--json", path));
        var info = json.RootElement[0];
        return new NarInfo
        {
            StorePath = Store.Parse(info.GetProperty("path").GetString()!),
            Url = "nar/unused.nar",
            NarHash = NixHash.Parse(info.GetProperty("narHash").GetString()!),
            NarSize = info.GetProperty("narSize").GetUInt64(),
            References = [.. info.GetProperty("references").EnumerateArray().Select(r => Store.Parse(r.GetString()!))],
            Signatures = [.. info.GetProperty("signatures").EnumerateArray().Select(s => s.GetString()!)],
        };
    }

    private static NarInfo SampleNarInfo() => new()
    {
        StorePath = StorePath.Parse("lmxw7czkhbfsm9brnr6c31xwmljwwxqk-multi"),
        Url = "nar/0zhb2r2l5gqwi9dsnnb4bz13094mr4k2f450qrlczr5qdsyqjid0.nar",
        NarHash = NixHash.Parse("sha256:0zhb2r2l5gqwi9dsnnb4bz13094mr4k2f450qrlczr5qdsyqjid0"),
        NarSize = 208,
        References = [StorePath.Parse("l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev")],
    };
}
