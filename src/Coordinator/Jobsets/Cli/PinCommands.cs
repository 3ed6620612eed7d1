using System.CommandLine;

namespace AsterFarm.Coordinator.Jobsets.Cli;

/// <summary><c>asterfarm cache pin|unpin|pins</c>: store paths the farm's cache never collects.</summary>
internal static class PinCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Change("pin", "Keep store paths (and their closures) in the farm's cache: garbage collection never removes them", pin: true),
        Change("unpin", "Let garbage collection remove store paths pinned before", pin: false),
        List(),
    ];

    private static Command Change(string name, string description, bool pin)
    {
        var paths = new Argument<string[]>("paths") { Description = "Store paths (/nix/store/…)", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { paths };
        return JobsetCommand.Connected(command, async (parseResult, api, cancellationToken) =>
        {
            var pinned = await api.ChangePinsAsync([.. parseResult.GetRequiredValue(paths)], pin, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{pinned.Count} paths pinned in all");
            return 0;
        });
    }

    private static Command List()
    {
        var command = new Command("pins", "List the store paths pinned in the farm's cache");
        return JobsetCommand.Connected(command, async (_, api, cancellationToken) =>
        {
            foreach (var path in await api.PinsAsync(cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine(path);
            }

            return 0;
        });
    }
}
