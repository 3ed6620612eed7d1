using System.Diagnostics;
using AsterFarm.Shared.Nar;
using CsCheck;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>Mutated NARs (byte flips, truncations, splices of the corpus) only ever parse or raise <see cref="NarFormatException"/>.</summary>
public sealed class NarReaderFuzzTests
{
    private static readonly byte[][] Corpus =
        [.. Directory.GetFiles(NarVectors.CorpusDirectory, "*.nar", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    [Fact]
    public void Every_invalid_corpus_input_is_refused()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(NarVectors.CorpusDirectory, "Invalid")))
        {
            Assert.False(NarValidator.Validate(new MemoryStream(File.ReadAllBytes(file))).IsValid, file);
        }
    }

    [Fact]
    public void Mutated_nars_only_ever_parse_or_raise_a_format_exception_quickly()
    {
        var mutated =
            from index in Gen.Int[0, Corpus.Length - 1]
            from seed in Gen.Int
            select Mutate(index, seed);

        mutated.Sample(
            nar =>
            {
                var clock = Stopwatch.StartNew();
                var result = NarValidator.Validate(new MemoryStream(nar), new NarReaderOptions { MaxDepth = 64 });
                Assert.True(clock.ElapsedMilliseconds < 1000, $"validation took {clock.ElapsedMilliseconds} ms");
                if (result.IsValid)
                {
                    Assert.Equal(nar.Length, result.HashAndSize.Value.NarSize);
                }
            },
            iter: 20_000);
    }

    [Fact]
    public void Mutated_nars_that_still_validate_unpack_and_repack_to_the_same_bytes()
    {
        using var temp = new TempDirectory();
        var count = 0;
        Gen.Int[0, Corpus.Length - 1].SelectMany(index => Gen.Int.Select(seed => Mutate(index, seed))).Sample(
            nar =>
            {
                if (!NarValidator.Validate(new MemoryStream(nar)).IsValid)
                {
                    return;
                }

                var target = temp.Combine($"t{count++}");
                try
                {
                    NarUnpacker.Unpack(new MemoryStream(nar), target);
                }
                catch (IOException error) when (error.Message.Contains("not valid UTF-8", StringComparison.Ordinal))
                {
                    // A known limit of .NET file APIs (names are UTF-16 strings); nothing may be left behind.
                    Assert.False(Path.Exists(target));
                    return;
                }

                using var repacked = new MemoryStream();
                NarWriter.Write(target, repacked);
                Assert.Equal(nar, repacked.ToArray());
            },
            iter: 2_000,
            threads: 1);
    }

    private static byte[] Mutate(int index, int seed)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(Corpus[index]);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    var donor = Corpus[random.Next(Corpus.Length)];
                    var from = random.Next(donor.Length);
                    var length = random.Next(1, Math.Min(64, donor.Length - from) + 1);
                    bytes.InsertRange(at, donor.AsSpan(from, length).ToArray());
                    break;
            }
        }

        return [.. bytes];
    }
}
