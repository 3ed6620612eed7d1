using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// Reads a cache directory as a static web server would serve it and lists what would be wrong to serve: a narinfo
/// that does not parse, whose NAR is missing, or whose NAR does not decompress to its NarHash/NarSize; a NAR file
/// whose bytes do not hash to the FileHash in its name (a prefix left by a crash).
/// </summary>
internal static class CacheDirectoryAudit
{
    public static IReadOnlyList<string> Problems(string directory)
    {
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.narinfo"))
        {
            var name = Path.GetFileName(path);
            if (!NarInfoParser.TryParse(File.ReadAllBytes(path), StoreDir.Default, out var narInfo, out var error))
            {
                problems.Add($"{name}: does not parse: {error}");
                continue;
            }

            var nar = Path.Combine(directory, narInfo.Url);
            if (!File.Exists(nar))
            {
                problems.Add($"{name}: its NAR {narInfo.Url} is missing");
                continue;
            }

            var contents = Decompress(nar, narInfo.Compression);
            if (contents is null || NixHash.Sha256(contents) != narInfo.NarHash || (ulong)contents.LongLength != narInfo.NarSize)
            {
                problems.Add($"{name}: {narInfo.Url} does not decompress to NarHash {narInfo.NarHash} ({narInfo.NarSize} bytes)");
            }
        }

        var nars = Path.Combine(directory, NarFileName.Directory);
        foreach (var path in Directory.Exists(nars) ? Directory.EnumerateFiles(nars) : [])
        {
            var url = NarFileName.Directory + "/" + Path.GetFileName(path);
            if (!NarFileName.TryParseUrl(url, out var file, out var error))
            {
                problems.Add($"{url}: unexpected file: {error}");
            }
            else if (NixHash.Sha256(File.ReadAllBytes(path)) != file.FileHash)
            {
                problems.Add($"{url}: its bytes do not hash to the FileHash in its name (a partial write)");
            }
        }

        return problems;
    }

    private static byte[]? Decompress(string path, string compression)
    {
        if (!NarCompressionExtensions.TryParseNixName(compression, out var kind))
        {
            return null;
        }

        try
        {
            using var file = File.OpenRead(path);
            using var nar = kind.OpenDecompression(file);
            using var contents = new MemoryStream();
            nar.CopyTo(contents);
            return contents.ToArray();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The decompressor's exceptions for truncated or corrupt data vary by library.
            return null;
        }
    }
}
