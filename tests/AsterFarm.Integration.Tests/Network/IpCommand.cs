using System.ComponentModel;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Network;

/// <summary>Runs iproute2's <c>ip</c>; a failure names the command and what <c>ip</c> said.</summary>
internal static class IpCommand
{
    public const string Hint =
        "network partition tests need iproute2 (scripts/install-prerequisites.sh) and root with CAP_SYS_ADMIN and CAP_NET_ADMIN "
        + "(network namespaces, veth pairs and a bridge are created)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <c>ip ARGS</c> and throws when it fails.</summary>
    public static string Run(params string[] arguments)
    {
        var result = TryRun(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Stderr.Trim()} ({Hint})");
        }

        return result.StdoutText;
    }

    /// <summary>Runs <c>ip ARGS</c>; the caller looks at the exit code (cleanup that must go on after a failure).</summary>
    public static ProcessResult TryRun(params string[] arguments)
    {
        try
        {
            return ProcessRunner.Run("ip", arguments, timeout: Timeout);
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"could not run ip: {error.Message} ({Hint})", error);
        }
    }
}
