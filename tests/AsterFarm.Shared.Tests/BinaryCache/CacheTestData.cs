using System.Diagnostics;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;
using AsterFarm.Shared.Tests.Nar;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>NARs, compressed files and narinfos for cache tests, each unique so tests never share content by accident.</summary>
internal static class CacheTestData
{
    public static byte[] UniqueNar(string label = "file") => TestNar.RegularFile($"{label} {Guid.NewGuid()}\n");

    public static StorePath UniquePath(string name = "pkg") =>
        StorePath.FromDigest(NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), name);

    public static byte[] Compress(byte[] nar, NarCompression compression)
    {
        if (compression == NarCompression.Xz)
        {
            return RunXz(nar);
        }

        using var output = new MemoryStream();
        using (var compressor = compression.OpenCompression(output))
        {
            compressor.Write(nar);
        }

        return output.ToArray();
    }

    public static NarFileName NameOf(byte[] file, NarCompression compression) => new(NixHash.Sha256(file), compression);

    /// <summary>Stores <paramref name="nar"/> and returns its file name; fails the test if refused.</summary>
    public static async Task<StoredNar> PutNarAsync(IBinaryCacheStore store, byte[] nar, NarCompression compression = NarCompression.Zstd)
    {
        var file = Compress(nar, compression);
        var result = await store.PutNarAsync(NameOf(file, compression), new MemoryStream(file));
        Assert.True(result.IsStored, result.ToString());
        return result.Value;
    }

    public static NarInfo NarInfoFor(StorePath path, StoredNar nar, params StorePath[] references) => new()
    {
        StorePath = path,
        Url = nar.File.Url,
        Compression = nar.File.Compression.NixName(),
        FileHash = nar.FileHash,
        FileSize = (ulong)nar.FileSize,
        NarHash = nar.NarHash,
        NarSize = (ulong)nar.NarSize,
        References = [.. references],
    };

    /// <summary>Stores a path with a fresh NAR and the given references; fails the test if refused.</summary>
    public static async Task<NarInfo> PutPathAsync(IBinaryCacheStore store, StorePath path, params StorePath[] references)
    {
        var nar = await PutNarAsync(store, UniqueNar(path.Name));
        var result = await store.PutNarInfoAsync(path.HashPart, NarInfoFor(path, nar, references));
        Assert.True(result.IsStored, result.ToString());
        return result.Value;
    }

    private static byte[] RunXz(byte[] input)
    {
        var start = new ProcessStartInfo("xz", ["-c", "-6"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("xz did not start (apt-get install xz-utils)");
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        reading.GetAwaiter().GetResult();
        process.WaitForExit();
        return output.ToArray();
    }
}
