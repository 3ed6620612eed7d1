using AsterFarm.Coordinator.Cli;

namespace AsterFarm.Coordinator.Tests.Up;

public sealed class BuilderLaunchTests
{
    [Fact]
    public void Up_hands_its_builders_the_token_by_file_path_and_never_by_value()
    {
        var state = Path.Combine(Path.GetTempPath(), $"asterfarm-up-{Guid.NewGuid():N}");
        var tokenFile = Path.Combine(state, "token");

        var launches = UpCommand.Launches(
            2, ("/opt/asterfarm/asterfarm-builder", []), "akka.tcp://asterfarm@127.0.0.1:4053", "http://127.0.0.1:8080", tokenFile, state, []);

        Assert.Equal(2, launches.Count);
        foreach (var launch in launches)
        {
            Assert.Equal(tokenFile, launch.Environment["AsterFarm__Builder__TokenFile"]);
            Assert.DoesNotContain("ASTERFARM_TOKEN", launch.Environment.Keys);
        }
    }
}
