using AsterFarm.Hosting;

namespace AsterFarm.Shared.Tests.Hosting;

/// <summary>Settings come from configuration, environment variables override it, flags override both.</summary>
public sealed class ClusterOptionsBindingTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["AsterFarm__Cluster__Port"] = "4999",
        ["AsterFarm__Cluster__PublicHostname"] = "builder-7.builders.farm.svc",
        ["AsterFarm__Cluster__SeedNodes__0"] = "akka.tcp://asterfarm@coordinator-0.coordinator:4053",
        ["AsterFarm__Cluster__SeedNodes__1"] = "akka.tcp://asterfarm@coordinator-1.coordinator:4053",
        ["AsterFarm__Cluster__Roles__0"] = "riscv64",
        ["AsterFarm__Cluster__StableAfter"] = "00:00:07",
        ["AsterFarm__Cluster__DownRemovalMargin"] = "00:00:03",
        ["AsterFarm__Cluster__FailureDetectorAcceptablePause"] = "00:00:06",
        ["AsterFarm__Cluster__SingletonHandOverRetryInterval"] = "00:00:02",
        ["AsterFarm__Http__Port"] = "9099",
    };

    [Fact]
    public void Environment_variables_override_the_cluster_and_http_defaults()
    {
        var (cluster, http) = WithEnvironment(() =>
        {
            var node = AsterFarmNode.CreateBuilder(AsterFarmRoles.Builder, new NodeOverrides());
            return (node.ClusterOptions, node.HttpOptions);
        });

        Assert.Equal(4999, cluster.PortFor(AsterFarmRoles.Builder));
        Assert.Equal("builder-7.builders.farm.svc", cluster.EffectivePublicHostname);
        Assert.Equal(
            ["akka.tcp://asterfarm@coordinator-0.coordinator:4053", "akka.tcp://asterfarm@coordinator-1.coordinator:4053"],
            cluster.SeedNodes);
        Assert.Equal(["riscv64"], cluster.Roles);
        Assert.Equal(TimeSpan.FromSeconds(7), cluster.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.DownRemovalMargin);
        Assert.Equal(TimeSpan.FromSeconds(6), cluster.FailureDetectorAcceptablePause);
        Assert.Equal(TimeSpan.FromSeconds(2), cluster.SingletonHandOverRetryInterval);
        Assert.Equal(9099, http.PortFor(AsterFarmRoles.Builder));
    }

    [Fact]
    public void Command_line_flags_win_over_environment_variables()
    {
        var cluster = WithEnvironment(() => AsterFarmNode.CreateBuilder(
            AsterFarmRoles.Builder,
            new NodeOverrides(Port: 5001, SeedNodes: ["akka.tcp://asterfarm@127.0.0.1:4053"])).ClusterOptions);

        Assert.Equal(5001, cluster.PortFor(AsterFarmRoles.Builder));
        Assert.Equal("akka.tcp://asterfarm@127.0.0.1:4053", cluster.SeedNodes[0]);
    }

    [Fact]
    public void Without_settings_each_role_gets_its_default_ports()
    {
        var coordinator = AsterFarmNode.CreateBuilder(AsterFarmRoles.Coordinator, new NodeOverrides());
        var builder = AsterFarmNode.CreateBuilder(AsterFarmRoles.Builder, new NodeOverrides());

        Assert.Equal(DefaultPorts.CoordinatorRemoting, coordinator.ClusterOptions.PortFor(AsterFarmRoles.Coordinator));
        Assert.Equal(DefaultPorts.BuilderRemoting, builder.ClusterOptions.PortFor(AsterFarmRoles.Builder));
        Assert.Equal(DefaultPorts.CoordinatorHttp, coordinator.HttpOptions.PortFor(AsterFarmRoles.Coordinator));
        Assert.Equal(DefaultPorts.BuilderHttp, builder.HttpOptions.PortFor(AsterFarmRoles.Builder));
        Assert.Equal("asterfarm", coordinator.ClusterOptions.SystemName);
    }

    // The variables are process-wide; the tests of this class run one at a time and restore them.
    private static T WithEnvironment<T>(Func<T> action)
    {
        foreach (var (name, value) in Environment)
        {
            System.Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            return action();
        }
        finally
        {
            foreach (var name in Environment.Keys)
            {
                System.Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
