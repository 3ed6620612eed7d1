using AsterFarm.Builder.Realisation.Outputs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>An output that passed the checks after the build and is ready to upload.</summary>
internal sealed record CheckedOutput(string Name, StorePath Path, string HostPath, ArchivedOutput Archive, ContentAddress? ContentAddress);
