namespace AsterFarm.Shared.BinaryCache;

/// <summary>A store whose NARs may be files on this machine, served zero-copy (<c>sendfile</c>) with range support.</summary>
public interface ILocalNarFiles
{
    /// <summary>The NAR's file on disk, or null if it is not held here.</summary>
    string? GetNarFilePath(NarFileName file);
}
