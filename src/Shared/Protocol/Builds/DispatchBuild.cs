using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>
/// Scheduler → builder: realise <paramref name="DrvPath"/> under <paramref name="Lease"/>. Only paths
/// travel here; the builder fetches the <c>.drv</c> closure and input NARs from the cache over HTTP.
/// </summary>
/// <param name="Lease">This attempt's lease; every reply names it.</param>
/// <param name="Attempt">1 for the first try, counting infrastructure retries.</param>
/// <param name="DrvPath">The derivation to realise.</param>
/// <param name="System">The system to build for (the derivation's <c>system</c>), decides native or emulated.</param>
/// <param name="WantedOutputs">Output names the run needs (all outputs are built; this says which must be uploaded first).</param>
/// <param name="Deadlines">Timeout and silence limits.</param>
/// <param name="Trace">The trace this build belongs to.</param>
[MessagePackObject]
public sealed record DispatchBuild(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] int Attempt,
    [property: Key(2)] StorePath DrvPath,
    [property: Key(3)] string System,
    [property: Key(4)] ValueList<string> WantedOutputs,
    [property: Key(5)] BuildDeadlines Deadlines,
    [property: Key(6)] TraceContext? Trace) : IAsterFarmMessage;
