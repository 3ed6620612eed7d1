using System.Security.Cryptography;
using System.Text;
using AsterFarm.Shared.Derivations.Aterm;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>Store paths of <c>.drv</c> files (nix-formats.md §4) and the placeholders of content-addressed outputs.</summary>
public static class DerivationHashes
{
    /// <summary>
    /// The store path of a <c>.drv</c> file with contents <paramref name="fileBytes"/>: a text path named
    /// <c>name.drv</c> whose references are the input sources and input derivations, de-duplicated.
    /// </summary>
    public static StorePath DrvPath(StoreDir storeDir, Derivation derivation, ReadOnlySpan<byte> fileBytes)
    {
        ArgumentNullException.ThrowIfNull(storeDir);
        ArgumentNullException.ThrowIfNull(derivation);
        return storeDir.MakeTextPath(derivation.Name + ".drv", new NixHash(HashAlgo.Sha256, SHA256.HashData(fileBytes)), derivation.References());
    }

    /// <summary>The store path of the <c>.drv</c> file Nix would write for <paramref name="derivation"/>.</summary>
    public static StorePath DrvPath(StoreDir storeDir, Derivation derivation)
    {
        var writer = new AtermWriter();
        DerivationPrinter.Write(writer, derivation, storeDir, maskOutputs: false, replacedInputs: null);
        return DrvPath(storeDir, derivation, writer.WrittenSpan);
    }

    /// <summary>
    /// The placeholder that stands for an output whose path is not known at evaluation time:
    /// <c>"/" + base32(sha256("nix-output:" + outputName))</c>.
    /// </summary>
    public static string Placeholder(string outputName) =>
        "/" + NixBase32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("nix-output:" + outputName)));
}
