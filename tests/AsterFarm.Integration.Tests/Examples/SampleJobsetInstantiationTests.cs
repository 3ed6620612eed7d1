using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Outputs;

namespace AsterFarm.Integration.Tests.Examples;

/// <summary>The sample jobset as <c>nix-instantiate</c> writes it: AsterFarm reads and hashes every derivation as Nix does.</summary>
public sealed class SampleJobsetInstantiationTests
{
    [Fact]
    public void Every_derivation_of_the_sample_reads_and_hashes_to_the_paths_nix_computed()
    {
        var roots = SampleJobset.Instantiate();

        var closure = SampleJobset.DerivationClosure(roots);

        Assert.Equal(10, roots.Count);
        Assert.Equal(roots.Order(), closure.Order());
        NixDerivations.AssertWeAgreeWithNix(closure, "examples/asternixos-mini/default.nix");
    }

    [Fact]
    public void Userlands_are_cross_compiled_on_x86_64_and_each_selftest_runs_on_its_own_system_with_its_own_binary()
    {
        var derivations = SampleJobset.Instantiate().ToDictionary(
            path => path.Name.ToString()["asternixos-mini-".Length..^".drv".Length],
            path => DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(path)), NixDerivations.Store));

        foreach (var arch in SampleJobset.Architectures)
        {
            var userland = (InputAddressedOutput)derivations[$"userland-{arch}"].Outputs["out"];
            var selftest = derivations[$"selftest-{arch}"];
            Assert.Equal("x86_64-linux", derivations[$"userland-{arch}"].System);
            Assert.Equal($"{arch}-linux", selftest.System);
            Assert.Equal(NixDerivations.Store.Print(userland.Path!.Value) + "/bin/selftest", selftest.Builder);
            Assert.Equal("x86_64-linux", derivations[$"initramfs-{arch}"].System);
        }
    }
}
