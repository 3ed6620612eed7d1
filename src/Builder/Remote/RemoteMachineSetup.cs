using AsterFarm.Builder.Node;
using Microsoft.Extensions.Configuration;

namespace AsterFarm.Builder.Remote;

/// <summary>A node's remote machines as configured (<see cref="RemoteMachineOptions"/>), and the executor that uses them.</summary>
public sealed class RemoteMachineSetup(RemoteMachineOptions options, IReadOnlyList<RemoteMachine> machines) : IAsyncDisposable
{
    private RemoteMachinePool? _pool;

    public RemoteMachineOptions Options { get; } = options;

    public IReadOnlyList<RemoteMachine> Machines { get; } = machines;

    /// <summary>Binds <see cref="RemoteMachineOptions.SectionName"/> and reads its machines file, if any.</summary>
    /// <exception cref="FormatException">The machines file is malformed (the message names the line and column).</exception>
    public static RemoteMachineSetup Load(IConfiguration configuration, BuilderNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(node);
        var options = new RemoteMachineOptions();
        configuration.GetSection(RemoteMachineOptions.SectionName).Bind(options);
        var machines = options.MachinesFile is { } file
            ? File.Exists(file) ? MachinesFile.Load(file, node.NativeSystems.FirstOrDefault() ?? "x86_64-linux") : throw new FileNotFoundException($"the machines file '{file}' does not exist", file)
            : [];
        return new RemoteMachineSetup(options, machines);
    }

    /// <summary>The node's executor: the local realiser alone, or with the remote machines when there are any.</summary>
    public IBuildExecutor Executor(BuilderServices services, BuilderNodeOptions node, LiveBuildLogs liveLogs)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(node);
        var local = new RealiserBuildExecutor(services.Realiser, liveLogs);
        if (Machines.Count == 0)
        {
            return local;
        }

        _pool = new RemoteMachinePool(Machines, Options, node.WorkDirectory);
        return new RemoteMachineBuildExecutor(services.Realiser, _pool, local, services.Capabilities, node.EffectiveSlots);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync().ConfigureAwait(false);
        }
    }
}
