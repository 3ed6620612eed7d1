using System.CommandLine;

namespace AsterFarm.Coordinator.Cli;

/// <summary>
/// Binds a command's action so that every failure ends as one line on stderr and exit code 1
/// (set <c>ASTERFARM_DEBUG=1</c> for the stack trace), and success as exit code 0.
/// </summary>
internal static class CliAction
{
    public const int Failed = 1;

    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("asterfarm: cancelled").ConfigureAwait(false);
                return 130;
            }
#pragma warning disable CA1031 // The command line's contract: any failure is reported as one line, never a crash dump.
            catch (Exception error)
#pragma warning restore CA1031
            {
                await Console.Error.WriteLineAsync(OneLine(error)).ConfigureAwait(false);
                if (Environment.GetEnvironmentVariable("ASTERFARM_DEBUG") == "1")
                {
                    await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return Failed;
            }
        });

    public static void Set(Command command, Func<ParseResult, int> action) =>
        Set(command, (parseResult, _) => Task.FromResult(action(parseResult)));

    private static string OneLine(Exception error)
    {
        // Our own exceptions carry messages written for the operator; a runtime fault gets its type named.
        var message = error is NullReferenceException or IndexOutOfRangeException or InvalidCastException
            or NotImplementedException or NotSupportedException
            ? $"internal error ({error.GetType().Name}): {error.Message}"
            : error.Message;
        return "asterfarm: error: " + message.ReplaceLineEndings(" ").Trim();
    }
}
