using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Derivations;

public sealed class ParserErrorTests
{
    private const string Valid =
        "Derive([(\"out\",\"/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello-spec\",\"\",\"\")],[],[],\"x86_64-linux\",\"/bin/sh\",[\"-c\",\"echo hello > $out\"],[(\"builder\",\"/bin/sh\"),(\"name\",\"hello-spec\"),(\"out\",\"/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello-spec\"),(\"system\",\"x86_64-linux\")])";

    [Theory]
    [InlineData("", 0, "expected 'D' but found end of input")]
    [InlineData("Derive[", 6, "expected '(' but found '['")]
    [InlineData("Derive([(\"out\",x", 15, "expected '\"' but found 'x'")]
    [InlineData("Derive([(\"out\"", 14, "expected ',' but found end of input")]
    [InlineData("Derive([(\"out\",\"\",\"\",\"\")(", 24, "expected ',' or ']' but found '('")]
    [InlineData("Derive([(\"out\",\"/nix/store/abc\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\")])", 15, "invalid store path '/nix/store/abc'")]
    [InlineData("Derive([(\"out\",\"/tmp/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-x\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\")])", 15, "is not in the Nix store")]
    [InlineData("Derive([(\"out\",\"\",\"sha3\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\")])", 18, "unknown hash algorithm 'sha3'")]
    [InlineData("Derive([(\"out\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\"),(\"name\",\"y\")])", 58, "env key 'name' occurs twice")]
    [InlineData("Derive([(\"out\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"a\",\"x\")])", 44, "needs an env entry 'name'")]
    [InlineData("Derive([(\"out\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\")])x", 58, "expected end of input but found 'x'")]
    [InlineData("Derive([(\"o\\\"ut\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\")])", 9, "must not contain a backslash escape")]
    public void Parser_reports_what_it_expected_at_which_byte(string input, int offset, string messagePart)
    {
        var ok = DerivationParser.TryParse(Encoding.UTF8.GetBytes(input), StoreDir.Default, out _, out var error);

        Assert.False(ok);
        Assert.Equal(offset, error!.Offset);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"at byte {offset}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_reports_the_byte_offset_of_an_unterminated_string()
    {
        var input = Encoding.UTF8.GetBytes("Derive([(\"out\",\"/nix/st\\\"ore");

        var error = Assert.Throws<DerivationFormatException>(() => DerivationParser.Parse(input, StoreDir.Default));

        Assert.Equal(input.Length, error.Offset);
        Assert.Contains("close the string that starts at byte 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_refuses_invalid_utf8_at_the_first_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        var at = Valid.IndexOf("echo", StringComparison.Ordinal);
        bytes[at] = 0xff;

        var error = Assert.Throws<DerivationFormatException>(() => DerivationParser.Parse(bytes, StoreDir.Default));

        Assert.Equal(at, error.Offset);
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_checks_paths_against_the_given_store_directory()
    {
        var error = Assert.Throws<DerivationFormatException>(
            () => DerivationParser.Parse(Encoding.UTF8.GetBytes(Valid), new StoreDir("/other/store")));

        Assert.Contains("'/nix/store/ryap2x01qk2xiir0qnwcl3ybvvw2ciri-hello-spec'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_sorts_lists_given_out_of_order_as_nix_does()
    {
        var input = "Derive([(\"out\",\"\",\"\",\"\"),(\"dev\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"z\",\"1\"),(\"name\",\"x\")])";

        var drv = DerivationParser.Parse(Encoding.UTF8.GetBytes(input), StoreDir.Default);

        Assert.Equal(["dev", "out"], drv.Outputs.Keys);
        Assert.Equal(["name", "z"], drv.Env.Keys);
        Assert.Equal(
            "Derive([(\"dev\",\"\",\"\",\"\"),(\"out\",\"\",\"\",\"\")],[],[],\"s\",\"b\",[],[(\"name\",\"x\"),(\"z\",\"1\")])",
            Encoding.UTF8.GetString(DerivationPrinter.Print(drv, StoreDir.Default)));
    }

    [Fact]
    public void Escapes_other_than_n_r_t_stand_for_the_character_itself()
    {
        var input = "Derive([(\"out\",\"\",\"\",\"\")],[],[],\"s\",\"b\\q\\\\\\\"\\n\\r\\t\",[],[(\"name\",\"x\")])";

        var drv = DerivationParser.Parse(Encoding.UTF8.GetBytes(input), StoreDir.Default);

        Assert.Equal("bq\\\"\n\r\t", drv.Builder);
    }
}
