using CsCheck;

namespace AsterFarm.Integration.Tests.RealNix;

public sealed class DerivationPropertyTests
{
    [Fact]
    public void Random_derivation_sets_get_the_drv_and_output_paths_nix_gives_them()
    {
        // One nix-instantiate run for a batch of 25 random sets keeps the test within seconds.
        RandomDerivationSet.Generator.Array[25].Sample(sets =>
        {
            var expression = string.Join("\n++\n", sets.Select((set, i) => set.ToNix($"s{i}d")));

            try
            {
                var drvPaths = NixDerivations.Instantiate(expression);

                Assert.Equal(sets.Sum(s => s.Nodes.Count), drvPaths.Count);
                NixDerivations.AssertWeAgreeWithNix(drvPaths, expression);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\nThe Nix expression:\n{expression}", e);
            }
        }, iter: 1, threads: 1);
    }
}
