using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Derivations;

public sealed class SortingTests
{
    [Fact]
    public void Keys_sort_by_utf8_bytes_so_supplementary_characters_come_after_the_private_use_area()
    {
        string[] keys = ["\U0001F600", "\uFFFD", "\uE000", "é", "a", "_", "Z"];

        var sorted = keys.Order(Utf8OrdinalComparer.Instance).ToArray();

        Assert.Equal(["Z", "_", "a", "é", "\uE000", "\uFFFD", "\U0001F600"], sorted);
        var byBytes = keys.OrderBy(k => Convert.ToHexString(Encoding.UTF8.GetBytes(k)), StringComparer.Ordinal).ToArray();
        Assert.Equal(byBytes, sorted);
    }

    [Fact]
    public void Printer_writes_non_ascii_env_keys_in_byte_order()
    {
        var drv = Derivation.Create(
            [KeyValuePair.Create("out", (AsterFarm.Shared.Derivations.Outputs.DerivationOutput)AsterFarm.Shared.Derivations.Outputs.DeferredOutput.Instance)],
            [],
            [],
            "s",
            "b",
            [],
            [KeyValuePair.Create("\U0001F600", "3"), KeyValuePair.Create("\uFFFD", "2"), KeyValuePair.Create("name", "n"), KeyValuePair.Create("é", "1")]);

        var text = Encoding.UTF8.GetString(DerivationPrinter.Print(drv, StoreDir.Default));

        Assert.EndsWith("[(\"name\",\"n\"),(\"é\",\"1\"),(\"\uFFFD\",\"2\"),(\"\U0001F600\",\"3\")])", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_made_corpus_file_with_unicode_keys_round_trips()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Derivations", "Corpus", "edge-escapes-and-unicode-keys.drv"));

        var drv = DerivationParser.Parse(bytes, StoreDir.Default);

        Assert.Equal(bytes, DerivationPrinter.Print(drv, StoreDir.Default));
        Assert.Equal("\\\"\n\r\t", drv.Args[0]);
    }
}
