using System.Security.Cryptography;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Whether a narinfo's <c>CA</c> holds, as Nix checks it when it imports a path ("ca hash mismatch"): the address must
/// give the store path (with the references), and the NAR must hash to it — <c>fixed:r:sha256</c> is the NarHash,
/// <c>fixed:r:&lt;other&gt;</c> that hash of the NAR, <c>fixed:&lt;algo&gt;</c> and <c>text:sha256</c> the hash of the one
/// regular file the NAR holds.
/// </summary>
public static class ContentAddressCheck
{
    /// <summary>Why the CA does not give the narinfo's store path; null when it does or there is no CA.</summary>
    public static string? CheckPath(NarInfo narInfo, StoreDir storeDir)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        ArgumentNullException.ThrowIfNull(storeDir);
        return narInfo.ContentAddress is { } ca && !ca.Reproduces(storeDir, narInfo.StorePath, narInfo.References)
            ? $"CA '{ca}' does not give the store path {storeDir.Print(narInfo.StorePath)} (with its references)"
            : null;
    }

    /// <summary>Whether the NAR must be read to check the CA (everything but <c>fixed:r:sha256</c>, which is the NarHash).</summary>
    public static bool NeedsNar(ContentAddress ca) => !(ca.Method == FileIngestionMethod.Recursive && ca.Hash.Algorithm == HashAlgo.Sha256);

    /// <summary>Why the NAR contradicts the CA; null when it agrees. <paramref name="nar"/> (decompressed) is read only if <see cref="NeedsNar"/>.</summary>
    public static string? CheckNar(NarInfo narInfo, NixHash narHash, Func<Stream> nar, StoreDir storeDir)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        ArgumentNullException.ThrowIfNull(nar);
        if (narInfo.ContentAddress is not { } ca)
        {
            return null;
        }

        NixHash got;
        if (!NeedsNar(ca))
        {
            got = narHash;
        }
        else
        {
            using var stream = nar();
            var (hash, problem) = ca.Method == FileIngestionMethod.Recursive ? (Hash(ca.Hash.Algorithm, stream), null) : HashOfFile(ca, stream);
            if (problem is not null)
            {
                return $"ca hash mismatch importing path '{storeDir.Print(narInfo.StorePath)}': {problem}";
            }

            got = hash!.Value;
        }

        return got == ca.Hash
            ? null
            : $"ca hash mismatch importing path '{storeDir.Print(narInfo.StorePath)}'; specified: {ca.Hash}, got: {got}";
    }

    // Flat and text addresses hash the contents of the NAR's root, which must be a regular file.
    private static (NixHash? Hash, string? Problem) HashOfFile(ContentAddress ca, Stream nar)
    {
        using var reader = new NarReader(nar);
        try
        {
            if (!reader.Read() || reader.Kind != NarEventKind.RegularFile)
            {
                return (null, $"CA '{ca}' addresses a single file, but the NAR's root is a {reader.Kind}");
            }

            if (ca.Kind == ContentAddressKind.Text && reader.IsExecutable)
            {
                return (null, $"CA '{ca}' addresses a text file, but the NAR's file is executable");
            }

            var hash = Hash(ca.Hash.Algorithm, reader.OpenContents());
            while (reader.Read())
            {
            }

            return (hash, null);
        }
        catch (NarFormatException error)
        {
            return (null, error.Message);
        }
    }

    private static NixHash Hash(HashAlgo algorithm, Stream data)
    {
        using var hash = IncrementalHash.CreateHash(algorithm switch
        {
            HashAlgo.Md5 => HashAlgorithmName.MD5,
            HashAlgo.Sha1 => HashAlgorithmName.SHA1,
            HashAlgo.Sha256 => HashAlgorithmName.SHA256,
            _ => HashAlgorithmName.SHA512,
        });
        var buffer = new byte[81920];
        int read;
        while ((read = data.Read(buffer)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, read));
        }

        return NixHash.FromDigest(algorithm, hash.GetHashAndReset());
    }
}
