using System.Globalization;
using System.Text;
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

    /// <summary>The chroot store's root (its store is <c>ROOT/nix/store</c>).</summary>
    public string StoreRoot => _root.Combine("remote");

    /// <summary>The machine's host key line (<c>ssh-ed25519 AAAA…</c>) in base64, as a machines file's last column.</summary>
    public string Base64HostKey { get; private set; } = string.Empty;

    public string Uri => string.Create(CultureInfo.InvariantCulture, $"ssh://root@127.0.0.1:{Port}");

    /// <summary>sshd's log (connections, the forced command's start).</summary>
    public string Log => _sshd.Output;

    /// <summary>
    /// Starts the machine. <paramref name="extraNixConfig"/> is appended to the remote Nix's configuration;
    /// <paramref name="wrapper"/> (e.g. a namespace launcher) prefixes the remote <c>nix-store</c> command.
    /// </summary>
    public static async Task<SshNixMachine> StartAsync(string extraNixConfig = "", string wrapper = "")
    {
        if (!File.Exists(Sshd) || !File.Exists("/usr/bin/ssh-keygen"))
        {
            throw new InvalidOperationException(InstallHint);
        }

        var nixStore = NixTool.Locate("nix-store");
        var machine = new SshNixMachine(new TempDirectory("asterfarm-sshnix"), FreePorts.Take(1)[0]);
        var root = machine._root;
        Keygen(root.Combine("host_key"));
        Keygen(machine.ClientKey);
        Directory.CreateDirectory(machine.StoreRoot);
        var serve = root.Combine("serve.sh");
        var config = "sandbox-paths = /bin /usr /lib /lib64 /etc/passwd /etc/group\nsubstituters =\n" + extraNixConfig;
        await File.WriteAllTextAsync(serve, $"""
            #!/bin/sh
            export NIX_CONFIG='{config}'
            exec {wrapper} {nixStore} --store 'local?root={machine.StoreRoot}' --serve --write
            """.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
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
