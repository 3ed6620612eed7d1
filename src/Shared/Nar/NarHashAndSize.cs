using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Nar;

/// <summary>The NarHash (SHA-256 of the serialisation, printed <c>sha256:&lt;base32&gt;</c>) and NarSize of a NAR.</summary>
public readonly record struct NarHashAndSize(NixHash NarHash, long NarSize);
