using AsterFarm.Builder.Remote;

namespace AsterFarm.Builder.Tests.Remote;

/// <summary>The <c>ssh</c> command line of a session: multiplexed over a per-machine master by default, or a connection of its own.</summary>
public sealed class SshCommandLineTests : IDisposable
{
    private static readonly RemoteMachine Board = MachinesFile.Parse("ssh://nix@board-1:2222 riscv64-linux /etc/keys/board 2", "x86_64-linux")[0];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("asterfarm-ssh-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Sessions_are_multiplexed_by_default()
    {
        Assert.True(new RemoteMachineOptions().Multiplex);
        Assert.Contains("ControlMaster=auto", SshServeSession.Arguments(Board, new RemoteMachineOptions(), _work.FullName));
    }

    [Fact]
    public void Without_multiplexing_a_session_has_its_own_connection_with_host_key_checking_on()
    {
        var args = SshServeSession.Arguments(Board, new RemoteMachineOptions { Multiplex = false }, _work.FullName);

        Assert.DoesNotContain(args, a => a.StartsWith("Control", StringComparison.Ordinal));
        Assert.Contains("StrictHostKeyChecking=yes", args);
        Assert.Equal(["-p", "2222"], args.SkipWhile(a => a != "-p").Take(2));
        Assert.Equal(["nix@board-1", "nix-store --serve --write"], args.TakeLast(2));
    }

    [Fact]
    public void Multiplexed_sessions_share_a_master_whose_socket_is_in_a_directory_only_the_node_can_enter()
    {
        var args = SshServeSession.Arguments(Board, new RemoteMachineOptions { Multiplex = true, ControlPersist = TimeSpan.FromSeconds(90) }, _work.FullName);

        var mux = Path.Combine(_work.FullName, "mux");
        Assert.Contains("ControlMaster=auto", args);
        Assert.Contains("ControlPersist=90", args);
        var socket = Assert.Single(args, a => a.StartsWith("ControlPath=", StringComparison.Ordinal))["ControlPath=".Length..];
        Assert.Equal(mux, Path.GetDirectoryName(socket));
        Assert.Matches("^[0-9a-f]{16}$", Path.GetFileName(socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(mux));
    }

    [Fact]
    public void A_work_directory_too_long_for_a_socket_path_gets_a_private_temporary_socket_directory_removed_on_release()
    {
        var deep = Path.Combine(_work.FullName, new string('d', 80));

        var args = SshServeSession.Arguments(Board, new RemoteMachineOptions { Multiplex = true }, deep);

        var directory = Path.GetDirectoryName(Assert.Single(args, a => a.StartsWith("ControlPath=", StringComparison.Ordinal))["ControlPath=".Length..])!;
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "asterfarm-ssh-"), directory, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(directory) + 1 + 16 + 17 <= 107, directory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        SshControlSockets.Release(deep);
        Assert.False(Directory.Exists(directory));
    }
}
