using System.CommandLine;
using AsterFarm.Builder.Cli;
using AsterFarm.Builder.Hosting;
using AsterFarm.Builder.Node;
using AsterFarm.Hosting;
using Microsoft.Extensions.Configuration;

namespace AsterFarm.Builder.Tests.Hosting;

public sealed class BuilderNodeConfigurationTests
{
    [Fact]
    public void Node_flags_become_builder_settings()
    {
        var flags = new BuilderFlags();
        var command = new Command("node");
        flags.AddTo(command);

        var keys = flags.Read(command.Parse([
            "--name", "builder-rv-1", "--cache", "http://cache:8080", "--slots", "3", "--cores-per-slot", "2",
            "--native-system", "riscv64-linux", "--emulated-system", "none", "--feature", "kvm", "--feature", "nixos-test",
            "--emulation-slowdown", "4.5", "--machine-class", "sg2042", "--speed", "0.5",
        ]));
        var (options, _) = BuilderConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(keys).Build());

        Assert.Equal("builder-rv-1", options.NodeName);
        Assert.Equal("http://cache:8080", options.CacheUrl);
        Assert.Equal(3, options.EffectiveSlots);
        Assert.Equal(2, options.EffectiveCores);
        Assert.Equal(["riscv64-linux"], options.NativeSystems);
        Assert.Empty(options.EmulatedSystems);
        Assert.Equal(["kvm", "nixos-test"], options.Features);
        Assert.Equal(4.5, options.EmulationSlowdown);
        Assert.Equal("sg2042", options.MachineClass);
        Assert.Equal(0.5, options.Speed);
    }

    [Fact]
    public void Repeated_cache_flags_are_replicas_of_one_cache_in_order_of_preference()
    {
        var flags = new BuilderFlags();
        var command = new Command("node");
        flags.AddTo(command);

        var keys = flags.Read(command.Parse(["--cache", "http://coordinator-1:8080", "--cache", "http://coordinator-0:8080/"]));
        var (options, _) = BuilderConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(keys).Build());

        Assert.Equal("http://coordinator-1:8080,http://coordinator-0:8080/", options.CacheUrl);
        Assert.Equal([new Uri("http://coordinator-1:8080"), new Uri("http://coordinator-0:8080/")], options.CacheUrls);
    }

    [Fact]
    public void Cache_failover_settings_come_from_the_environment()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheUrl", "http://a:8080, http://b:8080");
        Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheFailoverRounds", "5");
        Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheFailoverBackoff", "00:00:00.250");
        try
        {
            var (options, _) = BuilderConfiguration.Load();

            Assert.Equal([new Uri("http://a:8080"), new Uri("http://b:8080")], options.CacheUrls);
            Assert.Equal(new Shared.BinaryCache.CacheFailoverPolicy(5, TimeSpan.FromMilliseconds(250)), options.CacheFailover);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheUrl", null);
            Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheFailoverRounds", null);
            Environment.SetEnvironmentVariable("AsterFarm__Builder__CacheFailoverBackoff", null);
        }
    }

    [Fact]
    public void How_many_verified_derivations_a_node_remembers_is_a_setting_bounded_by_default()
    {
        var (defaults, _) = BuilderConfiguration.Bind(new ConfigurationBuilder().Build());
        var (configured, _) = BuilderConfiguration.Bind(new ConfigurationBuilder()
            .AddInMemoryCollection([new("AsterFarm:Builder:VerifiedDerivationsKept", "7")])
            .Build());

        Assert.Equal(50_000, defaults.VerifiedDerivationsKept);
        Assert.Equal(7, configured.VerifiedDerivationsKept);
    }

    [Fact]
    public void Pipeline_slots_are_advertised_on_top_of_the_sandbox_slots()
    {
        var flags = new BuilderFlags();
        var command = new Command("node");
        flags.AddTo(command);

        var keys = flags.Read(command.Parse(["--slots", "2", "--pipeline-slots", "3", "--emulated-system", "none"]));
        var (options, _) = BuilderConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(keys).Build());
        var advertised = AdvertisedCapabilities.From(options, new NodeCapabilities(options, []));

        Assert.Equal((2, 3, 5), (options.EffectiveSlots, options.PipelineSlots, advertised.Slots));
        Assert.Equal(1, options.EffectiveCores);
    }

    [Fact]
    public void An_environment_variable_sets_a_node_setting_and_a_flag_overrides_it()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Builder__MachineClass", "from-environment");
        try
        {
            var fromEnvironment = BuilderNode.CreateBuilder(new NodeOverrides());
            var fromFlag = BuilderNode.CreateBuilder(new NodeOverrides(), [new("AsterFarm:Builder:MachineClass", "from-flag")]);

            Assert.Equal("from-environment", BuilderConfiguration.Bind(fromEnvironment.Configuration).Node.MachineClass);
            Assert.Equal("from-flag", BuilderConfiguration.Bind(fromFlag.Configuration).Node.MachineClass);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Builder__MachineClass", null);
        }
    }

    [Fact]
    public void The_advertised_capabilities_offer_only_emulated_systems_whose_emulator_exists()
    {
        var options = new BuilderNodeOptions { Slots = 4, CoresPerSlot = 2, CacheUrl = "http://cache", EmulationSlowdown = 0 };
        var found = new NodeCapabilities(options, [new AsterFarm.Builder.Sandbox.Qemu.QemuEmulator("riscv64-linux", "/usr/bin/qemu-riscv64-static", AsterFarm.Builder.Sandbox.Qemu.BinfmtFormat.Riscv64)]);

        var advertised = AdvertisedCapabilities.From(options, found);

        Assert.Equal([new Shared.Protocol.Builders.EmulatedSystem("riscv64-linux", AdvertisedCapabilities.DefaultSlowdown)], advertised.EmulatedSystems);
        Assert.Equal(["x86_64-linux"], advertised.NativeSystems);
        Assert.Equal(4, advertised.Slots);
        Assert.Equal(2, advertised.CoresPerSlot);
        Assert.Equal("http://cache", advertised.CacheUrl);
    }
}
