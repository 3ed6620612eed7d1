namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// The generated <c>/etc</c> files of a sandbox, written to a host temp directory and bound read-only into it; deleted
/// on dispose. Their contents are the same for every build, so the sandboxes of one process share one set
/// (<see cref="ForThisProcess"/>), written once instead of once per build.
/// </summary>
internal sealed class SandboxEtcFiles : IDisposable
{
    private static readonly Lock SharedLock = new();
    private static SandboxEtcFiles? _shared;

    private readonly DirectoryInfo _directory;

    public SandboxEtcFiles()
    {
        _directory = Directory.CreateTempSubdirectory("asterfarm-sandbox-etc-");
        File.WriteAllText(PasswdPath, SandboxIdentity.Passwd);
        File.WriteAllText(GroupPath, SandboxIdentity.Group);
        File.WriteAllText(HostsPath, SandboxIdentity.Hosts);
        File.WriteAllText(NsSwitchPath, SandboxIdentity.NsSwitch);
    }

    /// <summary>
    /// This process's set, readable by the build user; made again if its directory went away (a temp cleaner), and
    /// removed when the process exits.
    /// </summary>
    public static SandboxEtcFiles ForThisProcess()
    {
        lock (SharedLock)
        {
            if (_shared is null || !File.Exists(_shared.NsSwitchPath))
            {
                if (_shared is null)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteShared();
                }

                _shared = new SandboxEtcFiles();
                _shared.AllowEveryone();
            }

            return _shared;
        }
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

    private static void DeleteShared()
    {
        lock (SharedLock)
        {
            try
            {
                _shared?.Dispose();
            }
            catch (IOException)
            {
                // Already gone.
            }
        }
    }
}
