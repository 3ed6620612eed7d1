using System.Security.Cryptography;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.FileSystem;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation.Outputs;

/// <summary>Checks a fixed output's content against its declared hash, as Nix 2.8's generic fixed-output check does.</summary>
public static class FixedOutputCheck
{
    /// <summary>
    /// The content address of the output as built, or the reason it does not match <paramref name="declared"/> (the
    /// message Nix prints for a mismatch, with both hashes in SRI form).
    /// </summary>
    public static (ContentAddress? Address, string? Error) Check(FixedOutput declared, string hostPath, ArchivedOutput archived, string drvPath)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(archived);
        NixHash got;
        if (declared.Method == FileIngestionMethod.Flat)
        {
            var status = LinuxFileSystem.LStat(hostPath);
            if (status.Kind != FileKind.Regular || status.IsOwnerExecutable)
            {
                return (null, $"output path '{StoreDir.Default.Print(declared.OutputPath)}' should be a non-executable regular file since recursive hashing is not enabled (outputHashMode=flat)");
            }

            using var file = File.OpenRead(hostPath);
            got = HashStream(declared.Hash.Algorithm, file);
        }
        else if (declared.Hash.Algorithm == HashAlgo.Sha256)
        {
            got = archived.Nar.NarHash;
        }
        else
        {
            using var nar = File.OpenRead(archived.NarFile);
            got = HashStream(declared.Hash.Algorithm, nar);
        }

        if (got != declared.Hash)
        {
            return (null,
                $"hash mismatch in fixed-output derivation '{drvPath}':\n" +
                $"         specified: {declared.Hash.ToSri()}\n" +
                $"            got:    {got.ToSri()}");
        }

        return (ContentAddress.Fixed(declared.Method, got), null);
    }

    private static NixHash HashStream(HashAlgo algorithm, Stream stream)
    {
        var name = algorithm switch
        {
            HashAlgo.Md5 => HashAlgorithmName.MD5,
            HashAlgo.Sha1 => HashAlgorithmName.SHA1,
            HashAlgo.Sha256 => HashAlgorithmName.SHA256,
            HashAlgo.Sha512 => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        using var hash = IncrementalHash.CreateHash(name);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return new NixHash(algorithm, hash.GetHashAndReset());
    }
}
