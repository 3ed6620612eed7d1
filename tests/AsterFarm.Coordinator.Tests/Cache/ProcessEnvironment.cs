namespace AsterFarm.Coordinator.Tests.Cache;

/// <summary>Tests that set process environment variables run alone, so no other test sees them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
