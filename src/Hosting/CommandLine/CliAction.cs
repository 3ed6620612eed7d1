using System.CommandLine;
using System.Reflection;

namespace AsterFarm.Hosting.CommandLine;

/// <summary>
/// Binds a command's action so that every failure ends as one line on stderr, <c>PROGRAM: error: …</c>, with exit
/// code 1 (set <c>ASTERFARM_DEBUG=1</c> for the stack trace), and success as exit code 0. Both programs
/// (<c>asterfarm</c>, <c>asterfarm-builder</c>) use it.
/// </summary>
public static class CliAction
{
    public const int Failed = 1;

    /// <summary>The running program's name (<c>asterfarm</c> or <c>asterfarm-builder</c>), which prefixes its errors.</summary>
    public static string ProgramName { get; } = Assembly.GetEntryAssembly()?.GetName().Name ?? "asterfarm";

    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{ProgramName}: cancelled").ConfigureAwait(false);
                return 130;
            }
#pragma warning disable CA1031 // The command line's contract: any failure is reported as one line, never a crash dump.
            catch (Exception error)
#pragma warning restore CA1031
            {
                await Console.Error.WriteLineAsync(OneLine(Describe(error))).ConfigureAwait(false);
                if (Environment.GetEnvironmentVariable("ASTERFARM_DEBUG") == "1")
                {
                    await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return Failed;
            }
        });
    }

    public static void Set(Command command, Func<ParseResult, int> action) =>
        Set(command, (parseResult, _) => Task.FromResult(action(parseResult)));

    /// <summary>The one-line error format of every command.</summary>
    public static string OneLine(string message) =>
        $"{ProgramName}: error: " + (message ?? string.Empty).ReplaceLineEndings(" ").Trim();

    // Our own exceptions carry messages written for the operator; a runtime fault gets its type named.
    private static string Describe(Exception error) =>
        error is NullReferenceException or IndexOutOfRangeException or InvalidCastException
            or NotImplementedException or NotSupportedException
            ? $"internal error ({error.GetType().Name}): {error.Message}"
            : error.Message;
}
