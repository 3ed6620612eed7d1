using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Tests.NarInfoFormat;

namespace AsterFarm.Shared.Tests.Signing;

public sealed class NixKeyTests
{
    [Fact]
    public void The_fixed_test_key_loads_from_its_seed_and_matches_the_public_key_file()
    {
        using var secret = NixSecretKey.Load(VectorCache.SecretKeyPath);
        var expected = NixPublicKey.Load(VectorCache.PublicKeyPath);

        Assert.Equal("nixspec-test-1", secret.Name);
        Assert.Equal(expected, secret.PublicKey);
        Assert.Equal(File.ReadAllText(VectorCache.SecretKeyPath), secret.ToKeyFileText());
        Assert.Equal(File.ReadAllText(VectorCache.PublicKeyPath), secret.PublicKey.ToKeyFileText());
    }

    [Fact]
    public void The_fixed_key_is_the_one_derived_from_the_documented_seed()
    {
        var seed = NixHash.Sha256("nixspec test seed").Bytes;

        using var secret = NixSecretKey.FromSeed("nixspec-test-1", seed);

        Assert.Equal(File.ReadAllText(VectorCache.SecretKeyPath), secret.ToKeyFileText());
    }

    [Fact]
    public void A_generated_key_pair_round_trips_through_its_key_files()
    {
        using var generated = NixSecretKey.Generate("asterfarm-test-1");
        var secretText = generated.ToKeyFileText();
        var publicText = generated.PublicKey.ToKeyFileText();

        using var reloaded = NixSecretKey.Parse(secretText);

        Assert.Equal(generated.PublicKey, reloaded.PublicKey);
        Assert.Equal(generated.PublicKey, NixPublicKey.Parse(publicText));
        Assert.Equal(secretText, reloaded.ToKeyFileText());
    }

    [Fact]
    public void Generated_key_files_have_nix_layout_and_no_trailing_newline()
    {
        using var directory = new TempDirectory();
        using var generated = NixSecretKey.Generate("cache.example.org-1");

        generated.Save(directory.Combine("sk"));
        generated.PublicKey.Save(directory.Combine("pk"));

        var secretText = File.ReadAllText(directory.Combine("sk"));
        var publicText = File.ReadAllText(directory.Combine("pk"));
        Assert.StartsWith("cache.example.org-1:", secretText, StringComparison.Ordinal);
        Assert.StartsWith("cache.example.org-1:", publicText, StringComparison.Ordinal);
        var secretBytes = Convert.FromBase64String(secretText["cache.example.org-1:".Length..]);
        var publicBytes = Convert.FromBase64String(publicText["cache.example.org-1:".Length..]);
        Assert.Equal(64, secretBytes.Length);
        Assert.Equal(publicBytes, secretBytes[32..]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.Combine("sk")));
    }

    [Fact]
    public void Key_files_with_a_trailing_newline_are_accepted()
    {
        var text = File.ReadAllText(VectorCache.SecretKeyPath) + "\n";

        using var secret = NixSecretKey.Parse(text);

        Assert.Equal("nixspec-test-1", secret.Name);
    }

    [Fact]
    public void A_secret_key_whose_public_half_does_not_match_its_seed_is_refused()
    {
        var bytes = Convert.FromBase64String(File.ReadAllText(VectorCache.SecretKeyPath)["nixspec-test-1:".Length..]);
        bytes[63] ^= 1;

        Assert.False(NixSecretKey.TryParse("nixspec-test-1:" + Convert.ToBase64String(bytes), out _, out var error));
        Assert.Contains("does not belong to its seed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not of the form")]
    [InlineData("no-colon-here", "not of the form")]
    [InlineData(":bUaQ0wGaPNjIOZrVr3Ao/Z7WVO6kswrAuJd0bhuLLdnIWDv9Q7F/Sa3Gi3XLVBiNWc6yavsb048t9rLLaBhqww==", "not of the form")]
    [InlineData("name:", "not of the form")]
    [InlineData("name:not*base64", "invalid base64")]
    [InlineData("name:yFg7/UOxf0mtxot1y1QYjVnOsmr7G9OPLfayy2gYasM=", "expected 64")]
    [InlineData("na me:bUaQ0wGaPNjIOZrVr3Ao/Z7WVO6kswrAuJd0bhuLLdnIWDv9Q7F/Sa3Gi3XLVBiNWc6yavsb048t9rLLaBhqww==", "key name")]
    public void Malformed_secret_keys_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(NixSecretKey.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NixSecretKey.Parse(text));
    }

    [Theory]
    [InlineData("nixspec-test-1", "not of the form")]
    [InlineData("nixspec-test-1:bUaQ0wGaPNjIOZrVr3Ao/Z7WVO6kswrAuJd0bhuLLdnIWDv9Q7F/Sa3Gi3XLVBiNWc6yavsb048t9rLLaBhqww==", "expected 32")]
    [InlineData("nixspec-test-1:yFg7/UOxf0mtxot1y1QYjVnOsmr7G9OPLfayy2gYas==", "expected 32")]
    public void Malformed_public_keys_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(NixPublicKey.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_broken_key_file_names_the_file()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("bad.key"), "garbage");

        var error = Assert.Throws<FormatException>(() => NixPublicKey.Load(directory.Combine("bad.key")));

        Assert.Contains("bad.key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("with space")]
    public void Key_names_nix_could_not_parse_back_are_refused_at_generation(string name)
    {
        Assert.Throws<ArgumentException>(() => NixSecretKey.Generate(name));
    }
}
