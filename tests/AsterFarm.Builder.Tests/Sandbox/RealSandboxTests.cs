namespace AsterFarm.Builder.Tests.Sandbox;

/// <summary>
/// Tests that start real sandboxes run one at a time, alone: the machine has two shared cores, and the log test
/// measures allocations of the whole process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealSandboxTests
{
    public const string Name = "real sandbox";
}
