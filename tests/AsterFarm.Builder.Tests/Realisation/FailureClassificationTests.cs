using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Tests.Realisation;

public sealed class FailureClassificationTests
{
    private const string Drv = "/nix/store/0c7c58ai8yly6ggqb0awdqxdbn0afrna-a.drv";

    private static readonly QemuEmulator Qemu = new("riscv64-linux", "/usr/bin/qemu-riscv64-static", BinfmtFormat.Riscv64);

    public static TheoryData<string, FailureKind, FailureClass> Exceptions() => new()
    {
        { "http", FailureKind.CacheUnavailable, FailureClass.Infrastructure },
        { "cache timeout", FailureKind.CacheUnavailable, FailureClass.Infrastructure },
        { "ENOSPC", FailureKind.OutOfDisk, FailureClass.Infrastructure },
        { "disk full message", FailureKind.OutOfDisk, FailureClass.Infrastructure },
        { "other I/O", FailureKind.SandboxFailed, FailureClass.Infrastructure },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Node_troubles_during_a_realisation_are_infrastructure_failures(string trouble, FailureKind kind, FailureClass expected)
    {
        Exception error = trouble switch
        {
            "http" => new HttpRequestException("Connection refused (127.0.0.1:1)"),
            "cache timeout" => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"),
            "ENOSPC" => new IOException("write failed") { HResult = 28 },
            "disk full message" => new IOException("No space left on device : '/var/lib/asterfarm/nar'"),
            _ => new IOException("Input/output error"),
        };

        var failure = Realiser.Classify(error)!;

        Assert.Equal((kind, expected), (failure.Kind, failure.Class));
    }

    [Fact]
    public void An_unexpected_exception_is_not_classified_and_propagates() =>
        Assert.Null(Realiser.Classify(new InvalidOperationException("bug")));

    [Theory]
    [InlineData(SandboxTermination.Exited, 2, FailureKind.BuilderFailed)]
    [InlineData(SandboxTermination.TimedOut, 137, FailureKind.TimedOut)]
    [InlineData(SandboxTermination.Silent, 137, FailureKind.Silent)]
    [InlineData(SandboxTermination.Exited, 139, FailureKind.BuilderFailed)]
    public void A_native_builder_that_fails_or_overruns_is_a_build_failure(SandboxTermination termination, int exitCode, FailureKind kind)
    {
        var failure = Realiser.DescribeBuildFailure(Result(termination, exitCode), Drv, Spec(emulator: null));

        Assert.Equal((kind, FailureClass.Build), (failure.Kind, failure.Class));
    }

    [Theory]
    [InlineData(128 + 11)]
    [InlineData(128 + 6)]
    [InlineData(128 + 4)]
    [InlineData(128 + 7)]
    public void An_emulated_build_killed_by_a_crash_signal_is_an_infrastructure_failure(int exitCode)
    {
        var failure = Realiser.DescribeBuildFailure(Result(SandboxTermination.Exited, exitCode), Drv, Spec(Qemu));

        Assert.Equal((FailureKind.SandboxFailed, FailureClass.Infrastructure), (failure.Kind, failure.Class));
        Assert.Contains($"died with signal {exitCode - 128}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_emulated_build_that_exits_non_zero_or_times_out_is_still_a_build_failure()
    {
        Assert.Equal(FailureClass.Build, Realiser.DescribeBuildFailure(Result(SandboxTermination.Exited, 1), Drv, Spec(Qemu)).Class);
        Assert.Equal(FailureClass.Build, Realiser.DescribeBuildFailure(Result(SandboxTermination.TimedOut, 128 + 9), Drv, Spec(Qemu)).Class);
    }

    [Fact]
    public void An_unsupported_derivation_is_refused_for_another_node() =>
        Assert.Equal(FailureClass.Refused, new RealisationFailure(FailureKind.Unsupported, "this node does not build riscv64-linux").Class);

    private static SandboxResult Result(SandboxTermination termination, int exitCode) =>
        new(termination, exitCode, termination == SandboxTermination.Exited ? null : "killed", TimeSpan.FromSeconds(1), "tail", 4);

    private static SandboxSpec Spec(QemuEmulator? emulator) => new()
    {
        Builder = "/bin/sh",
        Environment = new Dictionary<string, string>(),
        BuildDirectory = "/build",
        StoreDirectory = "/nix/store",
        Emulator = emulator,
    };
}
