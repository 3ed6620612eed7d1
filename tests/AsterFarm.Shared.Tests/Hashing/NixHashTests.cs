using System.Text;
using AsterFarm.Shared.Hashing;
using CsCheck;

namespace AsterFarm.Shared.Tests.Hashing;

public sealed class NixHashTests
{
    [Theory]
    [InlineData("", HashAlgo.Sha256, "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73")]
    [InlineData("abc", HashAlgo.Sha256, "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s")]
    [InlineData("hello world\n", HashAlgo.Sha256, "0ix4jahrkll5zg01wandq78jw3ab30q4nscph67rniqg5x7r0j59")]
    [InlineData("abc", HashAlgo.Sha1, "kpcd173cq987hw957sx6m0868wv3x6d9")]
    [InlineData("abc", HashAlgo.Md5, "3jgzhjhz9zjvbb0kyj7jc500ch")]
    [InlineData("abc", HashAlgo.Sha512, "2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx")]
    public void Base32_matches_what_nix_hash_prints(string input, HashAlgo algo, string expected)
    {
        var hash = NixHash.Compute(algo, Encoding.UTF8.GetBytes(input));

        Assert.Equal(expected, hash.ToBase32());
        Assert.Equal(hash, NixHash.Parse($"{algo.Name()}:{expected}"));
    }

    [Fact]
    public void Sha256_of_abc_prints_in_every_form()
    {
        var hash = NixHash.Compute(HashAlgo.Sha256, "abc"u8);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.ToBase16());
        Assert.Equal("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", hash.ToSri());
        Assert.Equal("sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", hash.ToString());
        Assert.Equal(hash, NixHash.Parse("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="));
        Assert.Equal(hash, NixHash.Parse("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.Equal(hash, NixHash.Parse("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", HashAlgo.Sha256));
        Assert.Equal(hash, NixHash.Parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HashAlgo.Sha256));
    }

    [Fact]
    public void Base32_decoding_rejects_bits_beyond_the_digest_as_nix_does()
    {
        var allOnes = NixBase32.Decode("1" + new string('z', 51), 32);

        Assert.All(allOnes, b => Assert.Equal(0xff, b));
        Assert.False(NixBase32.TryDecode(new string('z', 52), new byte[32]));
        Assert.Throws<FormatException>(() => NixHash.Parse("sha256:" + new string('z', 52)));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("blake9:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s")]
    [InlineData("1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s")]
    [InlineData("sha256:eb8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s")]
    [InlineData("sha1:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Malformed_hashes_are_refused_with_the_text_in_the_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => NixHash.Parse(text));

        Assert.Contains(text.Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compression_folds_sha256_into_160_bits()
    {
        var hash = NixHash.Parse("sha256:4013c7f3b947766cd781f18fd8c5c401747195cf7154e10b678c79a66f44d148");

        var folded = hash.Compress(20);

        Assert.Equal("314726f8decb0fcab8c520c7d8c5c401747195cf", Convert.ToHexStringLower(folded));
        Assert.Equal("ryap2x01qk2xiir0qnwcl3ybvvw2ciri", NixBase32.Encode(folded));
    }

    [Fact]
    public void Every_encoding_round_trips_for_every_algorithm()
    {
        Gen.Select(Gen.Enum<HashAlgo>(), Gen.Byte.Array[0, 64], Gen.Enum<HashEncoding>()).Sample((algo, data, encoding) =>
        {
            var hash = NixHash.Compute(algo, data);
            return NixHash.Parse(hash.Format(encoding)) == hash
                && NixHash.Parse(hash.Format(encoding, withAlgorithm: false), algo) == hash;
        });
    }
}
