using System.Diagnostics;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Shared.Tests.Derivations;

public sealed class DerivationFuzzTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Fact]
    public void Random_derivations_print_parse_and_print_back_identically()
    {
        DerivationGenerators.Derivation.Sample(drv =>
        {
            var bytes = DerivationPrinter.Print(drv, Store);

            var parsed = DerivationParser.Parse(bytes, Store);

            Assert.Equal(drv, parsed);
            Assert.Equal(bytes, DerivationPrinter.Print(parsed, Store));
        }, iter: 2000);
    }

    [Fact]
    public void Mutated_corpus_files_parse_or_fail_with_an_offset_inside_the_input()
    {
        DerivationGenerators.Mutated.Sample(bytes =>
        {
            var stopwatch = Stopwatch.StartNew();
            Derivation? drv;
            DerivationFormatException? error;
            try
            {
                DerivationParser.TryParse(bytes, Store, out drv, out error);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"parser threw {e.GetType().Name} instead of reporting an error", e);
            }

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"parsing {bytes.Length} bytes took {stopwatch.Elapsed}");
            if (drv is null)
            {
                Assert.InRange(error!.Offset, 0, bytes.Length);
            }
            else
            {
                // Whatever is accepted can be written and read back (in Nix's canonical order).
                var printed = DerivationPrinter.Print(drv, Store);
                Assert.Equal(drv, DerivationParser.Parse(printed, Store));
            }
        }, iter: 20000);
    }

    [Fact]
    public void Every_corpus_file_parses_or_fails_cleanly()
    {
        foreach (var bytes in DerivationGenerators.Corpus)
        {
            if (DerivationParser.TryParse(bytes, Store, out var drv, out var error))
            {
                // Not byte-identical for every hand-made file: a base32 fixed-output hash is printed as base16, as Nix does.
                var printed = DerivationPrinter.Print(drv, Store);
                Assert.Equal(drv, DerivationParser.Parse(printed, Store));
                Assert.Equal(printed, DerivationPrinter.Print(DerivationParser.Parse(printed, Store), Store));
            }
            else
            {
                Assert.InRange(error.Offset, 0, bytes.Length);
            }
        }
    }
}
