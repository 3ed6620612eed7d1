using AsterFarm.Builder.Remote;

namespace AsterFarm.Builder.Tests.Remote;

public sealed class MachinesFileTests
{
    [Fact]
    public void A_full_line_gives_every_column_and_mandatory_features_are_also_supported()
    {
        var machines = MachinesFile.Parse(
            "ssh://nix@board-1:2222 riscv64-linux,riscv64-linux-musl /etc/keys/board 4 2 big-parallel board aGVsbG8=\n",
            "x86_64-linux");

        var board = Assert.Single(machines);
        Assert.Equal(("ssh://nix@board-1:2222", "nix@board-1", 2222), (board.StoreUri, board.Host, board.Port));
        Assert.Equal(["riscv64-linux", "riscv64-linux-musl"], board.Systems);
        Assert.Equal(("/etc/keys/board", 4, 2.0), (board.SshKey, board.MaxJobs, board.SpeedFactor));
        Assert.Equal(["big-parallel", "board"], board.SupportedFeatures);
        Assert.Equal(["board"], board.MandatoryFeatures);
        Assert.Equal("aGVsbG8=", board.PublicHostKey);
    }

    [Fact]
    public void Dashes_and_missing_columns_take_nix_s_defaults_and_a_bare_host_is_ssh()
    {
        var machines = MachinesFile.Parse("# builders\nbuildbox - - - 0\n\nother ; third x86_64-linux # comment\n", "aarch64-linux");

        Assert.Equal(["ssh://buildbox", "ssh://other", "ssh://third"], machines.Select(m => m.StoreUri));
        var box = machines[0];
        Assert.Equal(["aarch64-linux"], box.Systems);
        Assert.Equal(((string?)null, 1, 1.0, (int?)null), (box.SshKey, box.MaxJobs, box.SpeedFactor, box.Port));
        Assert.Empty(box.SupportedFeatures);
        Assert.Null(box.PublicHostKey);
    }

    [Theory]
    [InlineData("ssh-ng://host x86_64-linux", "machines:1: column 1 ('ssh-ng://host') is not an ssh:// machine")]
    [InlineData("\nhost x86_64-linux - many", "machines:2: column 4 ('many') is not an unsigned integer")]
    [InlineData("host x86_64-linux - 1 1 - - not*base64", "column 8 ('not*base64') is not valid base64")]
    [InlineData("ssh://host:99999", "has a port that is not a number from 1 to 65535")]
    [InlineData("a x86_64-linux\na aarch64-linux", "the machine 'ssh://a' is listed twice")]
    public void A_malformed_line_is_refused_naming_the_line_and_column(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MachinesFile.Parse(text, "x86_64-linux", "machines"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("machines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mandatory_features_keep_a_machine_for_derivations_that_require_them()
    {
        var board = MachinesFile.Parse("board riscv64-linux - 1 1 kvm board", "x86_64-linux").Single();

        Assert.True(board.Accepts("riscv64-linux", ["board"]));
        Assert.True(board.Accepts("riscv64-linux", ["board", "kvm"]));
        Assert.False(board.Accepts("riscv64-linux", []));
        Assert.False(board.Accepts("riscv64-linux", ["board", "big-parallel"]));
        Assert.False(board.Accepts("x86_64-linux", ["board"]));
        Assert.Contains("mandatory feature 'board'", board.WhyNot("riscv64-linux", []), StringComparison.Ordinal);
    }
}
