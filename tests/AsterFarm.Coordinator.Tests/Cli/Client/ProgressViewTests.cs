using AsterFarm.Coordinator.Cli.Client;
using AsterFarm.Coordinator.Scheduler.Api;

namespace AsterFarm.Coordinator.Tests.Cli.Client;

public sealed class ProgressViewTests
{
    private const string Drv = "/nix/store/0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv";
    private static readonly DateTime At = new(2025, 6, 1, 12, 30, 45, DateTimeKind.Utc);

    [Fact]
    public void The_summary_lists_every_failed_attempt_with_node_class_and_reason()
    {
        var output = new StringWriter();
        var status = new RunStatusView("run", "Succeeded", [new SystemView("x86_64-linux", 0, 0, 0, 1, 0)], [], false,
        [
            new AttemptView(Drv, 1, "qemu-1", "Infrastructure", "the emulator qemu-riscv64 died with signal 11", At),
        ]);

        new ProgressView(output, interactive: false).Summary(status);

        Assert.Contains("attempt 1 of hello-2.12.1 on qemu-1 at 12:30:45 failed (Infrastructure): the emulator qemu-riscv64 died with signal 11", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_waiting_for_its_retry_is_shown_once_with_the_reason()
    {
        var output = new StringWriter();
        var view = new ProgressView(output, interactive: false);
        var waiting = new BuildView(Drv, "x86_64-linux", "Waiting", null, At, 0, "retrying in 2 s after: out of disk space");
        var status = new RunStatusView("run", "Running", [new SystemView("x86_64-linux", 0, 1, 0, 0, 0)], [waiting], false);

        view.Show(status);
        view.Show(status);

        Assert.Single(output.ToString().Split('\n'), line => line.Contains("retrying in 2 s after: out of disk space", StringComparison.Ordinal));
    }
}
