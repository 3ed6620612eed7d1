using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>One output as built and uploaded.</summary>
/// <param name="Name">The output name (<c>out</c>, <c>dev</c>, …).</param>
/// <param name="Path">Its store path.</param>
/// <param name="NarHash">SHA-256 of its NAR.</param>
/// <param name="NarSize">Size of its NAR in bytes.</param>
/// <param name="References">The store paths it refers to (possibly itself), sorted.</param>
/// <param name="ContentAddress">The <c>CA</c> of a fixed output, else null.</param>
public sealed record RealisedOutput(
    string Name,
    StorePath Path,
    NixHash NarHash,
    long NarSize,
    IReadOnlyList<StorePath> References,
    ContentAddress? ContentAddress);
