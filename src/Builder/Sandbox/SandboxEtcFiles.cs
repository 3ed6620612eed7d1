namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// The generated <c>/etc</c> files of one run, written to a private host temp directory (never visible to other
/// builds) and bound read-only into the sandbox; deleted on dispose.
/// </summary>
internal sealed class SandboxEtcFiles : IDisposable
{
    private readonly DirectoryInfo _directory;

    public SandboxEtcFiles()
    {
        _directory = Directory.CreateTempSubdirectory("asterfarm-sandbox-etc-");
        File.WriteAllText(PasswdPath, SandboxIdentity.Passwd);
        File.WriteAllText(GroupPath, SandboxIdentity.Group);
        File.WriteAllText(HostsPath, SandboxIdentity.Hosts);
        File.WriteAllText(NsSwitchPath, SandboxIdentity.NsSwitch);
    }

    public string PasswdPath => Path.Combine(_directory.FullName, "passwd");

    public string GroupPath => Path.Combine(_directory.FullName, "group");

    public string HostsPath => Path.Combine(_directory.FullName, "hosts");

    public string NsSwitchPath => Path.Combine(_directory.FullName, "nsswitch.conf");

    /// <summary>Lets an unprivileged build user read the files (the temp directory is created 0700).</summary>
    public void AllowEveryone() =>
        _directory.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public void Dispose() => _directory.Delete(recursive: true);
}
