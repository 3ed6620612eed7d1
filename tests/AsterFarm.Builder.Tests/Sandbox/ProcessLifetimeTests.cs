using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Tests.Support;

namespace AsterFarm.Builder.Tests.Sandbox;

[Collection(RealSandboxTests.Name)]
public sealed class ProcessLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_builder_that_forks_a_daemon_leaves_no_process_behind()
    {
        using var bed = new SandboxTestBed();
        var marker = Marker();
        var spec = bed.Shell($$"""
            /bin/sh -c 'touch /build/daemon-up; while :; do sleep 1000; done' {{marker}} &
            while [ ! -e /build/daemon-up ]; do :; done
            echo parent exits
            """);

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.True(File.Exists(Path.Combine(bed.BuildDirectory, "daemon-up")), "the daemon never started");
        Assert.Empty(ProcessTable.WithCommandLineContaining(marker));
    }

    [Fact]
    public async Task A_build_running_past_its_timeout_is_killed_with_the_reason()
    {
        using var bed = new SandboxTestBed();
        var marker = Marker();
        var spec = bed.Shell($"echo started; /bin/sh -c 'sleep 1000' {marker}") with { Timeout = TimeSpan.FromSeconds(1) };

        var result = await bed.RunAsync(spec);

        Assert.Equal(SandboxTermination.TimedOut, result.Termination);
        Assert.Equal("timed out after 1 s", result.Reason);
        Assert.False(result.Succeeded);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1), Patience);
        Assert.Equal("started\n", result.LogTail);
        Assert.Empty(ProcessTable.WithCommandLineContaining(marker));
    }

    [Fact]
    public async Task A_silent_build_is_killed_after_max_silent_time_with_the_reason()
    {
        using var bed = new SandboxTestBed();
        var marker = Marker();
        var spec = bed.Shell($"echo said-something; /bin/sh -c 'sleep 1000' {marker}") with
        {
            MaxSilentTime = TimeSpan.FromSeconds(1.5),
            Timeout = TimeSpan.FromMinutes(5),
        };

        var result = await bed.RunAsync(spec);

        Assert.Equal(SandboxTermination.Silent, result.Termination);
        Assert.Equal("no output for 1.5 s (max-silent-time)", result.Reason);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1.5), Patience);
        Assert.Equal("said-something\n", result.LogTail);
        Assert.Empty(ProcessTable.WithCommandLineContaining(marker));
    }

    [Fact]
    public async Task A_build_that_keeps_talking_is_not_killed_for_silence()
    {
        using var bed = new SandboxTestBed();
        var spec = bed.Shell("for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.3; done") with { MaxSilentTime = TimeSpan.FromSeconds(1) };

        var result = await bed.RunAsync(spec);

        Assert.True(result.Succeeded, result.Reason + "\n" + result.LogTail);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1.5), Patience);
    }

    [Fact]
    public async Task Cancelling_a_build_kills_its_process_tree_and_throws()
    {
        using var bed = new SandboxTestBed();
        var marker = Marker();
        var log = new RecordingLogSink();
        using var cancellation = new CancellationTokenSource();
        // The timeout only bounds the build should the test fail before it cancels.
        var spec = bed.Shell($"/bin/sh -c 'sleep 1000' {marker} & echo started; wait") with { Timeout = TimeSpan.FromMinutes(2) };

        var run = bed.RunAsync(spec, log, cancellation.Token);
        await log.WaitForAsync("started", Patience);
        Assert.NotEmpty(ProcessTable.WithCommandLineContaining(marker));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(ProcessTable.WithCommandLineContaining(marker));
    }

    [Fact]
    public async Task A_failing_builder_reports_its_exit_code_and_log_tail()
    {
        using var bed = new SandboxTestBed();

        var result = await bed.RunAsync(bed.Shell("echo 'error: something broke' >&2; exit 3"));

        Assert.Equal(SandboxTermination.Exited, result.Termination);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal("builder failed with exit code 3", result.Reason);
        Assert.Equal("error: something broke\n", result.LogTail);
    }

    private static string Marker() => $"asterfarm-test-marker-{Guid.NewGuid():N}";
}
