namespace AsterFarm.Shared.Nar;

/// <summary>What <see cref="NarReader.Read"/> has just reached.</summary>
public enum NarEventKind
{
    /// <summary>Nothing read yet, or the NAR is finished.</summary>
    None,

    /// <summary>A directory (the root, or the node of an entry); its entries follow, then <see cref="DirectoryEnd"/>.</summary>
    DirectoryStart,

    /// <summary>The end of the directory whose <see cref="NarReader.Path"/> is reported again.</summary>
    DirectoryEnd,

    /// <summary>A regular file; its contents can be read until the next <see cref="NarReader.Read"/>.</summary>
    RegularFile,

    /// <summary>A symlink with its <see cref="NarReader.SymlinkTarget"/>.</summary>
    Symlink,
}
