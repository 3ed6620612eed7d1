using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Cache.Replication;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

[Collection(ProcessEnvironment.Name)]
public sealed class ReplicationOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new ReplicationOptions();

        Assert.Equal(3, options.Replicas);
        Assert.Equal(2, options.WriteQuorum);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AntiEntropyInterval);
        Assert.Equal(1024, options.RangeCount);
        options.Validate();
    }

    [Fact]
    public async Task Environment_variables_override_the_replication_settings()
    {
        var directory = Directory.CreateTempSubdirectory("asterfarm-replication-options-").FullName;
        string[] names = ["AsterFarm__Cache__Replication__Replicas", "AsterFarm__Cache__Replication__WriteQuorum", "AsterFarm__Cache__Replication__AntiEntropyInterval", "AsterFarm__Cache__Peers", "ASTERFARM_TOKEN"];
        Environment.SetEnvironmentVariable(names[0], "5");
        Environment.SetEnvironmentVariable(names[1], "3");
        Environment.SetEnvironmentVariable(names[2], "00:00:07");
        Environment.SetEnvironmentVariable(names[3], "http://127.0.0.1:1,http://127.0.0.1:2");
        Environment.SetEnvironmentVariable(names[4], "replication-token");
        try
        {
            await using var app = CacheServer.Build(new Dictionary<string, string?>
            {
                [CacheOptions.SectionName + ":Directory"] = directory,
                [CacheOptions.SectionName + ":Listen"] = "127.0.0.1:0",
            });
            var options = app.Services.GetRequiredService<ReplicationOptions>();
            var membership = app.Services.GetRequiredService<ICacheMembership>();

            Assert.Equal(5, options.Replicas);
            Assert.Equal(3, options.WriteQuorum);
            Assert.Equal(TimeSpan.FromSeconds(7), options.AntiEntropyInterval);
            Assert.Equal(3, membership.Members.Count);
        }
        finally
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_write_quorum_above_the_replicas_is_refused_at_start() =>
        Assert.Throws<InvalidOperationException>(() => new ReplicationOptions { Replicas = 2, WriteQuorum = 3 }.Validate());
}
