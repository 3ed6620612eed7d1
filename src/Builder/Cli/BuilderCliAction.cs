using System.CommandLine;

namespace AsterFarm.Builder.Cli;

/// <summary>
/// Binds a command's action so that every failure ends as one line on stderr and exit code 1
/// (set <c>ASTERFARM_DEBUG=1</c> for the stack trace), and success as exit code 0.
/// </summary>
internal static class BuilderCliAction
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
                await Console.Error.WriteLineAsync("asterfarm-builder: cancelled").ConfigureAwait(false);
                return 130;
            }
#pragma warning disable CA1031 // The command line's contract: any failure is reported as one line, never a crash dump.
            catch (Exception error)
#pragma warning restore CA1031
            {
                await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
                if (Environment.GetEnvironmentVariable("ASTERFARM_DEBUG") == "1")
                {
                    await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return Failed;
            }
        });

    /// <summary>The one-line error format of every command.</summary>
    public static string OneLine(string message) =>
        "asterfarm-builder: error: " + message.ReplaceLineEndings(" ").Trim();
}
