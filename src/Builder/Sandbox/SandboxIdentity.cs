namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// Who the builder is inside the sandbox: uid 1000 <c>nixbld</c>, gid 100, as in Nix's user-namespace sandbox
/// (nix-formats.md §8.4). bubblewrap maps that uid/gid to the node's own (root), so outputs are owned by the
/// node on the host and the builder has no capabilities.
/// </summary>
public static class SandboxIdentity
{
    public const int Uid = 1000;
    public const int Gid = 100;
    public const string Hostname = "localhost";
    public const string BuildDirectory = "/build";
    public const string StoreDirectory = "/nix/store";

    /// <summary>The sandbox's <c>/etc/passwd</c>, byte for byte as Nix 2.8 writes it.</summary>
    public const string Passwd =
        "root:x:0:0:Nix build user:/build:/noshell\n" +
        "nixbld:x:1000:100:Nix build user:/build:/noshell\n" +
        "nobody:x:65534:65534:Nobody:/:/noshell\n";

    /// <summary>The sandbox's <c>/etc/group</c>, as Nix 2.8 writes it.</summary>
    public const string Group =
        "root:x:0:\n" +
        "nixbld:!:100:\n" +
        "nogroup:x:65534:\n";

    /// <summary>The sandbox's <c>/etc/hosts</c> without network access.</summary>
    public const string Hosts = "127.0.0.1 localhost\n::1 localhost\n";

    /// <summary>The <c>/etc/nsswitch.conf</c> Nix gives fixed-output derivations, which have network access.</summary>
    public const string NsSwitch = "hosts: files dns\nservices: files\n";
}
