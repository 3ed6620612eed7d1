using System.Collections.Immutable;
using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Shared.Tests.NarInfoFormat;

public sealed class NarInfoPropertyTests
{
    private static readonly Gen<StorePath> GenStorePath =
        Gen.Select(
            Gen.Byte.Array[20],
            Gen.String[Gen.Char["abcxyzABC0129+-._?="], 1, 40],
            (digest, name) => StorePath.FromDigest(digest, name));

    private static readonly Gen<NixHash> GenSha256 = Gen.Byte.Array[32].Select(b => new NixHash(HashAlgo.Sha256, b));

    private static readonly Gen<string> GenLineValue = Gen.String[Gen.Char["abcxyz019:/.-_ =+é"], 1, 30]
        .Where(s => s.Trim().Length > 0);

    private static readonly Gen<ContentAddress?> GenContentAddress = Gen.OneOf(
        Gen.Const(default(ContentAddress?)),
        GenSha256.Select(h => (ContentAddress?)ContentAddress.Text(h)),
        Gen.Select(Gen.Bool, GenSha256, (recursive, h) =>
            (ContentAddress?)ContentAddress.Fixed(recursive ? FileIngestionMethod.Recursive : FileIngestionMethod.Flat, h)));

    private static readonly Gen<NarInfo> GenNarInfo =
        Gen.Select(
            GenStorePath,
            GenLineValue,
            Gen.OneOf("xz", "bzip2", "none", "zstd"),
            GenSha256.Nullable(),
            Gen.ULong[1, ulong.MaxValue],
            GenStorePath.Array[0, 5],
            GenStorePath.Nullable(),
            GenLineValue.Null(),
            GenLineValue.Array[0, 3],
            GenContentAddress,
            (path, url, compression, fileHash, size, refs, deriver, system, sigs, ca) => new NarInfo
            {
                StorePath = path,
                Url = url,
                Compression = compression,
                FileHash = fileHash,
                FileSize = fileHash is null ? null : size / 2,
                NarHash = NixHash.Sha256(url),
                NarSize = size,
                References = [.. refs],
                Deriver = deriver,
                System = system,
                Signatures = ImmutableSortedSet.CreateRange(Utf8ByteOrder.Instance, sigs),
                ContentAddress = ca,
            });

    [Fact]
    public void Random_narinfos_print_then_parse_to_an_equal_narinfo()
    {
        GenNarInfo.Sample(narInfo =>
        {
            var text = narInfo.Print();
            var parsed = NarInfoParser.Parse(text);

            Assert.Equal(narInfo, parsed);
            Assert.Equal(text, parsed.Print());
        });
    }

    [Fact]
    public void Random_text_never_throws_anything_but_the_parsers_error()
    {
        Gen.String[Gen.Char["StorePath: URLNarHsize\n/nix/store0123456789abcdfgsha256-"], 0, 400].Sample(AssertOnlyParserErrors);
    }

    [Fact]
    public void Random_bytes_never_throw_from_the_byte_parser()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            _ = NarInfoParser.TryParse(bytes, null, out _, out _);
        });
    }

    [Fact]
    public void Mutated_vector_files_never_throw_anything_but_the_parsers_error()
    {
        var vectors = Directory.EnumerateFiles(VectorCache.Root, "*.narinfo").Select(File.ReadAllText).ToArray();
        var edit = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 10_000], Gen.Char["\n: -x0z/\u00e9\r"]);
        var mutated = Gen.Select(
            Gen.Int[0, vectors.Length - 1],
            edit.Array[1, 4],
            (file, edits) => edits.Aggregate(vectors[file], (text, e) => Mutate(text, e.Item1, e.Item2, e.Item3)));

        mutated.Sample(AssertOnlyParserErrors, iter: 2000);
    }

    private static string Mutate(string text, int kind, int position, char character)
    {
        var at = position % (text.Length + 1);
        var builder = new StringBuilder(text);
        switch (kind)
        {
            case 0 when at < text.Length:
                builder.Remove(at, 1);
                break;
            case 1:
                builder.Insert(at, character);
                break;
            case 2 when at < text.Length:
                builder[at] = character;
                break;
            default:
                var lines = text.Split('\n');
                var line = lines[position % lines.Length];
                builder.Append(line).Append('\n');
                break;
        }

        return builder.ToString();
    }

    private static void AssertOnlyParserErrors(string text)
    {
        var ok = NarInfoParser.TryParse(text, null, out var parsed, out var error);
        if (ok)
        {
            Assert.Equal(parsed, NarInfoParser.Parse(parsed.Print()));
            return;
        }

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Throws<NarInfoFormatException>(() => NarInfoParser.Parse(text));
    }
}
