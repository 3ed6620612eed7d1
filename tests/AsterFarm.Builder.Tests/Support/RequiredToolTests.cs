namespace AsterFarm.Builder.Tests.Support;

public sealed class RequiredToolTests
{
    [Fact]
    public void A_missing_tool_fails_with_the_install_hint()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RequiredTool.Locate("asterfarm-no-such-tool"));

        Assert.Contains("scripts/install-prerequisites.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("asterfarm-no-such-tool", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bwrap")]
    [InlineData("unshare")]
    [InlineData("qemu-riscv64-static")]
    [InlineData("qemu-aarch64-static")]
    [InlineData("riscv64-linux-gnu-gcc")]
    [InlineData("aarch64-linux-gnu-gcc")]
    public void The_sandbox_prerequisites_are_installed(string tool) => Assert.NotEmpty(RequiredTool.Locate(tool));
}
