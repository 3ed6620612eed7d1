using AsterFarm.Scheduling.Estimates;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class EstimateTests
{
    [Fact]
    public void Without_history_the_prior_applies_scaled_by_speed_and_feature_factor()
    {
        var estimator = new DurationEstimator(new EstimatorOptions());

        Assert.Equal(120, estimator.EstimateSeconds("hello", X86, "c", 0.5, []), 6);
        Assert.Equal(1800, estimator.EstimateSeconds("chromium", X86, "c", 1, ["big-parallel"]), 6);
    }

    [Fact]
    public void History_is_an_exponentially_weighted_mean_per_package_system_and_class()
    {
        var estimator = new DurationEstimator(new EstimatorOptions { Smoothing = 0.5 });

        estimator.Record("llvm", X86, "epyc", 1.0, 600);
        estimator.Record("llvm", X86, "epyc", 1.0, 300);

        Assert.Equal(450, estimator.EstimateSeconds("llvm", X86, "epyc", 1.0, []), 6);
        // Another class of the same system: the reference-core mean scaled by the slot's speed.
        Assert.Equal(900, estimator.EstimateSeconds("llvm", X86, "laptop", 0.5, []), 6);
        // Another system: the package's mean on any system, again scaled.
        Assert.Equal(2250, estimator.EstimateSeconds("llvm", Riscv, "qemu", 0.2, []), 6);
        Assert.Equal(60, estimator.EstimateSeconds("zlib", X86, "epyc", 1.0, []), 6);
    }

    [Fact]
    public void Finished_builds_teach_the_core_their_duration()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("qt-5.15"));
        var first = Assert.Single(core.Schedule(0));
        core.BuildFinished(first.Derivation, 1000, buildSeconds: 900);

        Assert.True(core.Submit(Run("next", 0, Drv("qt-5.16"))).Accepted);

        Assert.Equal(900, Assert.Single(core.Schedule(1000)).EstimatedBuildSeconds, 6);
    }

    [Theory]
    [InlineData("chromium-120.0.1", "chromium")]
    [InlineData("python3.12-numpy-1.26.4", "python3.12-numpy")]
    [InlineData("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello-2.12.1.drv", "hello")]
    [InlineData("x86_64-linux/pkg42-3.1", "pkg42")]
    [InlineData("stdenv-linux", "stdenv-linux")]
    public void The_package_name_drops_the_version(string name, string expected) =>
        Assert.Equal(expected, PackageName.FromDerivationName(name));
}
