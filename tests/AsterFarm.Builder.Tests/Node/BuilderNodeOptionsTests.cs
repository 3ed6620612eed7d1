using AsterFarm.Builder.Node;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Node;

public sealed class BuilderNodeOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new BuilderNodeOptions();

        Assert.Equal(["x86_64-linux"], options.NativeSystems);
        Assert.Equal(["riscv64-linux", "aarch64-linux"], options.EmulatedSystems);
        Assert.Equal(["benchmark", "big-parallel"], options.Features);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount), options.EffectiveSlots);
        Assert.Null(options.NodeName);
        Assert.Null(options.CacheUrl);
        Assert.Empty(options.CacheUrls);
        Assert.Equal(new Shared.BinaryCache.CacheFailoverPolicy(3, TimeSpan.FromSeconds(1)), options.CacheFailover);
        Assert.Equal(5.0, options.EmulationSlowdown);
        Assert.Equal("/var/lib/asterfarm/builder/store", options.StoreDirectory);
        Assert.Null(options.Timeout);
        Assert.Equal(1, options.EffectiveCores);
    }

    [Fact]
    public void Environment_variables_override_the_builder_settings_and_replace_list_defaults()
    {
        Environment.SetEnvironmentVariable("AsterFarm__Builder__Slots", "4");
        Environment.SetEnvironmentVariable("AsterFarm__Builder__Features__0", "kvm");
        Environment.SetEnvironmentVariable("AsterFarm__Builder__Timeout", "00:10:00");
        try
        {
            var (node, _) = BuilderConfiguration.Load();

            Assert.Equal(4, node.Slots);
            Assert.Equal(["kvm"], node.Features);
            Assert.Equal(TimeSpan.FromMinutes(10), node.Timeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AsterFarm__Builder__Slots", null);
            Environment.SetEnvironmentVariable("AsterFarm__Builder__Features__0", null);
            Environment.SetEnvironmentVariable("AsterFarm__Builder__Timeout", null);
        }
    }

    [Fact]
    public void An_emulated_system_is_offered_only_when_its_emulator_exists()
    {
        var capabilities = new NodeCapabilities(new BuilderNodeOptions(), [new QemuEmulator("riscv64-linux", "/usr/bin/qemu-riscv64-static", BinfmtFormat.Riscv64)]);

        Assert.NotNull(capabilities.EmulatorFor("riscv64-linux"));
        Assert.Null(capabilities.EmulatorFor("aarch64-linux"));
        Assert.Null(capabilities.WhyCannotBuild(Drv("riscv64-linux"), "/nix/store/x.drv"));
        Assert.Contains("a 'aarch64-linux' with features {} is required", capabilities.WhyCannotBuild(Drv("aarch64-linux"), "/nix/store/x.drv"), StringComparison.Ordinal);
    }

    private static Derivation Drv(string system) =>
        DerivationParser.Parse(
            System.Text.Encoding.UTF8.GetBytes(
                $"Derive([(\"out\",\"/nix/store/{new string('a', 32)}-x\",\"\",\"\")],[],[],\"{system}\",\"/bin/sh\",[],[(\"name\",\"x\"),(\"out\",\"/nix/store/{new string('a', 32)}-x\")])"),
            StoreDir.Default);
}
