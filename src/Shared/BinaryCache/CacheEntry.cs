namespace AsterFarm.Shared.BinaryCache;

/// <summary>One stored path as garbage collection sees it.</summary>
/// <param name="HashPart">The store path's hash part (the narinfo's name).</param>
/// <param name="References">Hash parts of the paths it refers to (may include itself).</param>
/// <param name="NarFile">Its NAR file, possibly shared with other paths of identical content.</param>
/// <param name="Bytes">Disk space it accounts for (narinfo + NAR file).</param>
/// <param name="LastAccess">When it was last read or written.</param>
public sealed record CacheEntry(string HashPart, IReadOnlyCollection<string> References, NarFileName NarFile, long Bytes, DateTimeOffset LastAccess);
