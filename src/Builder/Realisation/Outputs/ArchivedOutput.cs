using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation.Outputs;

/// <summary>An output serialised to a NAR file, with its hash, size and the references found in it.</summary>
/// <param name="NarFile">The spooled NAR on the host.</param>
/// <param name="Nar">NarHash and NarSize.</param>
/// <param name="References">Candidates whose hash part occurs in the NAR.</param>
public sealed record ArchivedOutput(string NarFile, NarHashAndSize Nar, IReadOnlySet<StorePath> References);
