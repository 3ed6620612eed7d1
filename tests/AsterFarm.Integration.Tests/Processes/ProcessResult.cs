using System.Text;

namespace AsterFarm.Integration.Tests.Processes;

/// <summary>How a finished process ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public override string ToString() => $"exit {ExitCode}; stderr: {Stderr}";
}
