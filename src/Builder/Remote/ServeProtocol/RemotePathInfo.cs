using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>One answer of <see cref="ServeCommand.QueryPathInfos"/>: what the remote store knows of a valid path.</summary>
/// <param name="Path">The path.</param>
/// <param name="Deriver">Its deriver, if recorded.</param>
/// <param name="References">Its references.</param>
/// <param name="NarSize">Its NAR's size.</param>
/// <param name="NarHash">Its NAR's SHA-256.</param>
/// <param name="ContentAddress">Its <c>CA</c> field as sent (empty when none).</param>
/// <param name="Signatures">Its signatures.</param>
public sealed record RemotePathInfo(
    StorePath Path,
    StorePath? Deriver,
    IReadOnlyList<StorePath> References,
    long NarSize,
    NixHash NarHash,
    string ContentAddress,
    IReadOnlyList<string> Signatures);
