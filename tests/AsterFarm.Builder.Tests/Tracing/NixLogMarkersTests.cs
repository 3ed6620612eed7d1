using System.Text;
using AsterFarm.Builder.Tracing;

namespace AsterFarm.Builder.Tests.Tracing;

public sealed class NixLogMarkersTests
{
    private static string? Phase(string line) => NixLogMarkers.TryReadPhase(Encoding.UTF8.GetBytes(line), out var phase) ? phase : null;

    [Fact]
    public void The_line_stdenv_prints_to_its_log_fd_announces_a_phase()
    {
        Assert.Equal("configurePhase", Phase("""@nix { "action": "setPhase", "phase": "configurePhase" }"""));
    }

    [Fact]
    public void Nix_internal_json_set_phase_results_announce_a_phase()
    {
        Assert.Equal("buildPhase", Phase("""@nix {"action":"result","fields":["buildPhase"],"id":1234,"type":104}"""));
    }

    [Theory]
    [InlineData("""@nix {"action":"start","id":5,"level":3,"parent":0,"text":"","type":104}""")] // actBuilds, not a phase
    [InlineData("""@nix {"action":"result","fields":[1,2],"id":5,"type":105}""")] // progress
    [InlineData("""@nix {"action":"result","fields":[7],"id":5,"type":104}""")] // phase not a string
    [InlineData("""@nix {"action":"result","fields":[],"id":5,"type":104}""")]
    [InlineData("""@nix {"action":"result","id":5,"type":104}""")]
    [InlineData("""@nix {"action":"result","fields":["x"],"id":5,"type":"104"}""")]
    [InlineData("""@nix {"action":"stop","id":5}""")]
    [InlineData("""@nix {"action":"msg","level":0,"msg":"setPhase"}""")]
    [InlineData("""@nix {"action":"setPhase"}""")]
    [InlineData("""@nix {"action":"setPhase","phase":""}""")]
    [InlineData("""@nix {"action":"setPhase","phase":"a\u0007b"}""")]
    [InlineData("""@nix { "action": "setPhase", "phase": "configurePha""")] // truncated
    [InlineData("""@nix ["setPhase","configurePhase"]""")]
    [InlineData("""@nix """)]
    [InlineData("""@nix {{{{{{{{{{{{{{{{{{{{{{{{{{""")]
    [InlineData(""" @nix {"action":"setPhase","phase":"x"}""")] // not at the line's start
    [InlineData("""@nixx {"action":"setPhase","phase":"x"}""")]
    [InlineData("checking for gcc... gcc")]
    [InlineData("")]
    public void Anything_else_is_not_a_phase(string line)
    {
        Assert.Null(Phase(line));
    }

    [Fact]
    public void A_phase_name_too_long_for_a_person_to_read_is_ignored()
    {
        var name = new string('p', NixLogMarkers.MaxPhaseNameLength + 1);

        Assert.Null(Phase($$"""@nix {"action":"setPhase","phase":"{{name}}"}"""));
        Assert.Equal(name[1..], Phase($$"""@nix {"action":"setPhase","phase":"{{name[1..]}}"}"""));
    }
}
