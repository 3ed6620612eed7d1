using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// One node of a <see cref="LocalFarm"/> as a test describes it. <see cref="Address"/> is the IP it binds and is
/// reached at (e.g. a veth address inside a network namespace), <see cref="LauncherPrefix"/> runs before
/// <c>dotnet</c> (e.g. <c>ip netns exec NS</c>; it must exec the program so that killing it kills the node),
/// <see cref="Environment"/> is added to the farm-wide environment (and wins), and <see cref="Flags"/> to its command
/// line (a builder given <c>--cache</c> uses that cache instead of the first coordinator's).
/// </summary>
internal sealed record FarmNode(string Name, NodeKind Kind)
{
    public string Address { get; init; } = "127.0.0.1";

    public IReadOnlyList<string> LauncherPrefix { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Flags { get; init; } = [];

    public bool IsCoordinator => Kind == NodeKind.Coordinator;

    public static FarmNode Coordinator(string name) => new(name, NodeKind.Coordinator);

    public static FarmNode Builder(string name, params string[] flags) => new(name, NodeKind.Builder) { Flags = flags };
}
