using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;
using AsterFarm.Shared.Tests.NarInfoFormat;

namespace AsterFarm.Shared.Tests.Signing;

public sealed class SignatureTests
{
    private static readonly TrustedPublicKeys Trusted = new([NixPublicKey.Load(VectorCache.PublicKeyPath)]);

    [Fact]
    public void Signing_the_example_fingerprint_with_the_fixed_key_gives_the_documented_sig()
    {
        using var key = NixSecretKey.Load(VectorCache.SecretKeyPath);

        Assert.Equal(VectorCache.ExampleSignature, key.Sign(VectorCache.ExampleFingerprint).ToString());
    }

    [Theory]
    [MemberData(nameof(VectorCache.HashParts), MemberType = typeof(VectorCache))]
    public void Every_sig_in_the_vector_cache_verifies_with_the_fixed_public_key(string hashPart)
    {
        var verification = Trusted.Verify(VectorCache.Load(hashPart));

        Assert.True(verification.IsTrusted);
        Assert.Equal(["nixspec-test-1"], verification.ValidKeyNames);
    }

    [Theory]
    [MemberData(nameof(VectorCache.HashParts), MemberType = typeof(VectorCache))]
    public void Re_signing_a_vector_narinfo_with_the_fixed_key_reproduces_the_file(string hashPart)
    {
        using var key = NixSecretKey.Load(VectorCache.SecretKeyPath);
        var unsigned = VectorCache.Load(hashPart) with { Signatures = [] };

        var signed = NarInfoSigner.Sign(unsigned, key);

        Assert.Equal(VectorCache.Text(hashPart), signed.Print());
    }

    public static TheoryData<string> Tamperings => ["NarHash", "NarSize", "References", "StorePath"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Verifier_refuses_a_signature_over_a_tampered_field(string field)
    {
        var original = VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk");
        var tampered = field switch
        {
            "NarHash" => original with { NarHash = NixHash.Sha256("evil nar") },
            "NarSize" => original with { NarSize = original.NarSize + 1 },
            "References" => original with { References = [] },
            _ => original with { StorePath = StorePath.Parse("lmxw7czkhbfsm9brnr6c31xwmljwwxqk-mult1") },
        };

        var verification = Trusted.Verify(tampered);

        Assert.False(verification.IsTrusted);
        Assert.Equal(SignatureStatus.Invalid, Assert.Single(verification.Checks).Status);
    }

    [Fact]
    public void Verifier_refuses_a_tampered_signature()
    {
        var original = VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk");
        var bytes = NarSignature.Parse(original.Signatures[0]).Bytes.ToArray();
        bytes[0] ^= 0x80;

        var tampered = original with { Signatures = [new NarSignature("nixspec-test-1", bytes).ToString()] };

        Assert.False(Trusted.Verify(tampered).IsTrusted);
    }

    [Fact]
    public void Signatures_by_unknown_key_names_are_ignored_and_do_not_make_a_path_trusted()
    {
        var other = TrustedPublicKeys.Parse("cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=");

        var verification = other.Verify(VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk"));

        Assert.False(verification.IsTrusted);
        Assert.Equal(SignatureStatus.UnknownKey, Assert.Single(verification.Checks).Status);
    }

    [Fact]
    public void One_valid_signature_from_a_trusted_key_is_enough_among_several()
    {
        using var stranger = NixSecretKey.Generate("stranger-1");
        var narInfo = NarInfoSigner.Sign(VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk"), stranger);
        var keys = TrustedPublicKeys.Parse(
            "cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=  " + File.ReadAllText(VectorCache.PublicKeyPath));

        var verification = keys.Verify(narInfo);

        Assert.True(verification.IsTrusted);
        Assert.Equal(["nixspec-test-1"], verification.ValidKeyNames);
        Assert.Contains(verification.Checks, c => c.KeyName == "stranger-1" && c.Status == SignatureStatus.UnknownKey);
    }

    [Fact]
    public void A_malformed_sig_from_a_trusted_key_name_is_reported_and_not_trusted()
    {
        var narInfo = VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk") with { Signatures = ["nixspec-test-1:AAAA"] };

        var verification = Trusted.Verify(narInfo);

        Assert.False(verification.IsTrusted);
        Assert.Equal(SignatureStatus.Malformed, Assert.Single(verification.Checks).Status);
    }

    [Fact]
    public void Signing_keeps_other_keys_signatures_and_replaces_its_own()
    {
        using var key = NixSecretKey.Load(VectorCache.SecretKeyPath);
        var original = VectorCache.Load("lmxw7czkhbfsm9brnr6c31xwmljwwxqk");
        var withOthers = original with { Signatures = ["nixspec-test-1:stale", "other-1:kept"] };

        var signed = NarInfoSigner.Sign(NarInfoSigner.Sign(withOthers, key), key);

        Assert.Equal(["nixspec-test-1:" + VectorCache.ExampleSignature["nixspec-test-1:".Length..], "other-1:kept"], signed.Signatures);
    }

    [Fact]
    public void A_content_addressed_path_is_trusted_without_any_signature()
    {
        var tree = VectorCache.Load("jv9kzy0fqvvkm1c0kfkrvx5hlga9d59b") with { Signatures = [] };

        var decision = NarInfoTrust.Decide(tree, Trusted);

        Assert.True(NarInfoTrust.IsExemptByContentAddress(tree));
        Assert.True(decision.IsTrusted);
        Assert.True(decision.ByContentAddress);
        Assert.Empty(decision.Signatures.Checks);
    }

    [Fact]
    public void An_input_addressed_path_without_a_signature_is_not_trusted()
    {
        var basePath = VectorCache.Load("4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp") with { Signatures = [] };

        Assert.False(NarInfoTrust.IsExemptByContentAddress(basePath));
        Assert.False(NarInfoTrust.Decide(basePath, Trusted).IsTrusted);
    }

    [Fact]
    public void A_ca_field_that_does_not_reproduce_the_store_path_gives_no_exemption()
    {
        var tree = VectorCache.Load("jv9kzy0fqvvkm1c0kfkrvx5hlga9d59b");
        var lying = tree with
        {
            Signatures = [],
            ContentAddress = ContentAddress.Fixed(FileIngestionMethod.Recursive, NixHash.Sha256("other content")),
        };

        Assert.False(NarInfoTrust.IsExemptByContentAddress(lying));
        Assert.False(NarInfoTrust.Decide(lying, Trusted).IsTrusted);
    }
}
