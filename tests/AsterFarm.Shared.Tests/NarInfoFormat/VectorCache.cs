using AsterFarm.Shared.NarInfoFormat;

namespace AsterFarm.Shared.Tests.NarInfoFormat;

/// <summary>The signed <c>file://</c> cache written by real Nix 2.8 in <c>nix-vectors/cache</c>, and the fixed test key.</summary>
internal static class VectorCache
{
    public const string ExampleFingerprint =
        "1;/nix/store/lmxw7czkhbfsm9brnr6c31xwmljwwxqk-multi;sha256:0zhb2r2l5gqwi9dsnnb4bz13094mr4k2f450qrlczr5qdsyqjid0;208;/nix/store/l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev";

    public const string ExampleSignature =
        "nixspec-test-1:YIr0bKgs3E1PIKDe8mJ5k+5hY890vYMRIzbnitVTJqw4TEE6/xZJOfmLzgRxy3zfiUtmzrBiPFemJUzEM+n6Cg==";

    public static string Root => Path.Combine(TestVectors.Directory, "cache");

    public static string SecretKeyPath => Path.Combine(TestVectors.Directory, "keys", "fixed-sk.key");

    public static string PublicKeyPath => Path.Combine(TestVectors.Directory, "keys", "fixed-pk.key");

    /// <summary>Hash parts of every narinfo in the cache, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> HashParts
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.EnumerateFiles(Root, "*.narinfo").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(file));
            }

            return data;
        }
    }

    public static string Text(string hashPart) => File.ReadAllText(Path.Combine(Root, hashPart + ".narinfo"));

    public static NarInfo Load(string hashPart) => NarInfoParser.Parse(Text(hashPart));
}
