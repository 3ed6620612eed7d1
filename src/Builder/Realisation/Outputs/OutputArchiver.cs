using AsterFarm.Shared.Nar;
using AsterFarm.Shared.References;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation.Outputs;

/// <summary>Writes an output's NAR to a spool file while hashing it and scanning it for references, in one pass.</summary>
public static class OutputArchiver
{
    /// <summary>
    /// Archives <paramref name="hostPath"/> into <paramref name="narFile"/>. Throws <see cref="OutputTooLargeException"/>
    /// when the NAR exceeds <paramref name="maxNarBytes"/>, <see cref="NarUnsupportedFileException"/> for a socket,
    /// FIFO or device in the tree.
    /// </summary>
    public static ArchivedOutput Archive(string hostPath, IEnumerable<StorePath> candidates, string narFile, long? maxNarBytes)
    {
        var scanner = new ReferenceScanner(candidates);
        NarHashAndSize nar;
        using (var file = new FileStream(narFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Stream sink = maxNarBytes is { } limit ? new SizeLimitedStream(file, limit) : file;
            using var scanning = new ReferenceScanningStream(scanner, sink);
            nar = NarWriter.Write(hostPath, scanning);
        }

        return new ArchivedOutput(narFile, nar, scanner.Found);
    }
}
