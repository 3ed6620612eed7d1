using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cli;

/// <summary>Runs the built <c>asterfarm</c> program as a separate process, as an operator would.</summary>
internal static class AsterfarmCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "asterfarm.dll");

    public static ProcessResult Run(params string[] arguments) => Run(arguments, stdin: null);

    public static ProcessResult Run(IEnumerable<string> arguments, byte[]? stdin, string? workingDirectory = null) =>
        ProcessRunner.Run("dotnet", [Dll, .. arguments], stdin, workingDirectory);

    /// <summary>Runs and asserts success, returning stdout.</summary>
    public static string Succeed(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"asterfarm {string.Join(' ', arguments)}: {result}");
        return result.StdoutText;
    }

    /// <summary>Runs and asserts the failure contract: exit code 1 and exactly one line on stderr.</summary>
    public static string Fail(params string[] arguments) => Fail(arguments, stdin: null);

    public static string Fail(IEnumerable<string> arguments, byte[]? stdin)
    {
        var list = arguments.ToList();
        var result = Run(list, stdin);
        Assert.True(result.ExitCode == 1, $"asterfarm {string.Join(' ', list)} should fail with exit code 1: {result}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected a one-line error, got: {result.Stderr}");
        Assert.StartsWith("asterfarm: error: ", lines[0], StringComparison.Ordinal);
        return lines[0];
    }
}
