using System.Globalization;
using System.Text;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.RemoteMachines;

/// <summary>
/// A "remote Nix machine" on this box: Debian's <c>sshd</c> on a free loopback port with its own host key, whose only
/// authorized key runs Nix 2.8's <c>nix-store --serve --write</c> against a private chroot store (so it lacks every
/// path of ours). Host key checking stays on: <see cref="KnownHostsFile"/> and the machines-file line carry the key.
/// Disposing (or <see cref="KillAsync"/>) ends sshd and every session it started.
/// </summary>
internal sealed class SshNixMachine : IAsyncDisposable
{
    public const string InstallHint = "sshd and ssh are required: run scripts/install-prerequisites.sh (apt-get install openssh-server openssh-client)";
    private const string Sshd = "/usr/sbin/sshd";

    private readonly TempDirectory _root;
    private ManagedProcess _sshd = null!;

    private SshNixMachine(TempDirectory root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The client's private key (authorised on the machine).</summary>
    public string ClientKey => _root.Combine("client_key");

    /// <summary>A known_hosts file with the machine's host key.</summary>
    public string KnownHostsFile => _root.Combine("known_hosts");

    /// <summary>The machine's store root (its store is <c>ROOT/nix/store</c>).</summary>
    public string StoreRoot => _root.Combine("remote");

    /// <summary>The machine's host key line (<c>ssh-ed25519 AAAA…</c>) in base64, as a machines file's last column.</summary>
    public string Base64HostKey { get; private set; } = string.Empty;

    public string Uri => string.Create(CultureInfo.InvariantCulture, $"ssh://root@127.0.0.1:{Port}");

    /// <summary>sshd's log (connections, the forced command's start).</summary>
    public string Log => _sshd.Output;

    /// <summary>Starts a machine whose Nix builds x86_64-linux in its chroot store (<see cref="StoreRoot"/>).</summary>
    public static Task<SshNixMachine> StartAsync() => StartAsync(machine => $"""
        #!/bin/sh
        export NIX_CONFIG='sandbox-paths = /bin /usr /lib /lib64 /etc/passwd /etc/group
        substituters ='
        exec {NixTool.Locate("nix-store")} --store 'local?root={machine.StoreRoot}' --serve --write
        """);

    /// <summary>
    /// Starts a native "board" of <paramref name="emulator"/>'s system: each login enters a private user + mount
    /// namespace (never the host's) with its own binfmt_misc instance where the emulator is registered, as the
    /// builder's own emulation does (<c>SandboxCommandLine</c>), and the board's own <c>/nix</c>
    /// (<see cref="StoreRoot"/><c>/nix</c>) bind-mounted over the host's; there Nix 2.8 runs with
    /// <c>extra-platforms</c> set to the system. Its store sits at /nix/store rather than being a chroot store because
    /// Nix forces its sandbox on a chroot store, and the sandbox's <c>setgroups</c> fails in a namespace mapped by
    /// <c>unshare --map-root-user</c> (setgroups denied); so the board builds unsandboxed, as <c>build-with-nix.sh</c> does.
    /// </summary>
    public static Task<SshNixMachine> StartBoardAsync(QemuEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        const string Enter = "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc && printf '%s' \"$1\" > /proc/sys/fs/binfmt_misc/register && mount --bind \"$2\" /nix && shift 2 && exec \"$@\"";
        return StartAsync(machine =>
        {
            Directory.CreateDirectory(Path.Combine(machine.StoreRoot, "nix"));
            return $"""
                #!/bin/sh
                export NIX_CONFIG='substituters =
                sandbox = false
                build-users-group =
                extra-platforms = {emulator.System}'
                exec /usr/bin/unshare --user --map-root-user --mount --propagation private -- /bin/sh -c '{Enter.Replace("'", "'\\''", StringComparison.Ordinal)}' sh '{emulator.RegistrationLine}' '{Path.Combine(machine.StoreRoot, "nix")}' {NixTool.Locate("nix-store")} --serve --write
                """;
        });
    }

    private static async Task<SshNixMachine> StartAsync(Func<SshNixMachine, string> serveScript)
    {
        if (!File.Exists(Sshd) || !File.Exists("/usr/bin/ssh-keygen"))
        {
            throw new InvalidOperationException(InstallHint);
        }

        var machine = new SshNixMachine(new TempDirectory("asterfarm-sshnix"), FreePorts.Take(1)[0]);
        var root = machine._root;
        Keygen(root.Combine("host_key"));
        Keygen(machine.ClientKey);
        Directory.CreateDirectory(machine.StoreRoot);
        var serve = root.Combine("serve.sh");
        await File.WriteAllTextAsync(serve, serveScript(machine).Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(serve, (UnixFileMode)0b111_101_101);
        var authorized = root.Combine("authorized_keys");
        await File.WriteAllTextAsync(authorized, $"command=\"{serve}\",restrict {(await File.ReadAllTextAsync(machine.ClientKey + ".pub")).Trim()}\n");
        var hostKeyLine = string.Join(' ', (await File.ReadAllTextAsync(root.Combine("host_key.pub"))).Trim().Split(' ').Take(2));
        machine.Base64HostKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(hostKeyLine));
        await File.WriteAllTextAsync(machine.KnownHostsFile, $"[127.0.0.1]:{machine.Port} {hostKeyLine}\n");
        var sshdConfig = root.Combine("sshd_config");
        await File.WriteAllTextAsync(sshdConfig, $"""
            Port {machine.Port}
            ListenAddress 127.0.0.1
            HostKey {root.Combine("host_key")}
            AuthorizedKeysFile {authorized}
            PidFile none
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            MaxStartups 100
            MaxSessions 100
            LogLevel INFO
            """ + "\n");
        // sshd's privilege separation directory is compiled in; Debian creates it only when its service starts.
        Directory.CreateDirectory("/run/sshd");
        machine._sshd = ManagedProcess.Start($"sshd:{machine.Port}", Sshd, ["-D", "-e", "-f", sshdConfig]);
        await machine._sshd.WaitForOutputAsync("Server listening", TimeSpan.FromSeconds(30));
        return machine;
    }

    /// <summary>A machines-file line for this machine (host key in the last column).</summary>
    public string MachineLine(string systems = "x86_64-linux", int maxJobs = 1, string features = "-", string mandatory = "-") =>
        string.Create(CultureInfo.InvariantCulture, $"{Uri} {systems} {ClientKey} {maxJobs} 1 {features} {mandatory} {Base64HostKey}");

    /// <summary>What <c>nix-build --builders</c> needs in <c>NIX_SSHOPTS</c> to reach this machine.</summary>
    public string NixSshOptions => string.Create(CultureInfo.InvariantCulture, $"-p {Port} -o UserKnownHostsFile={KnownHostsFile} -o StrictHostKeyChecking=yes");

    /// <summary>Nix's <c>--builders</c> value for this machine (Nix 2.8 takes no port in the URI: see <see cref="NixSshOptions"/>).</summary>
    public string NixBuilders(string systems = "x86_64-linux") => $"ssh://root@127.0.0.1 {systems} {ClientKey} 1";

    /// <summary>SIGKILLs sshd and every session it started (the remote Nix included), as a machine failure would.</summary>
    public Task KillAsync() => _sshd.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _sshd.KillAsync();
        await _sshd.DisposeAsync();
        _root.Dispose();
    }

    private static void Keygen(string path)
    {
        var result = ProcessRunner.Run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", path]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {result}");
        }
    }
}
