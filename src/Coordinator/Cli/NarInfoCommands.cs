using System.CommandLine;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm narinfo sign|verify</c>: signatures over narinfo fingerprints, as Nix makes and checks them.</summary>
internal static class NarInfoCommands
{
    public static Command Create() => new("narinfo", "Sign and verify .narinfo files") { Sign(), Verify() };

    private static Command Sign()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .narinfo file" };
        var keyFile = new Option<FileInfo>("--key-file") { Description = "Secret key file (Nix format)", Required = true };
        var inPlace = new Option<bool>("--in-place") { Description = "Rewrite the file instead of printing the signed narinfo" };
        var storeDir = CommonOptions.StoreDir();
        var command = new Command("sign", "Adds a Sig line made with the key (keeping other keys' signatures)")
        {
            file, keyFile, inPlace, storeDir,
        };
        CliAction.Set(command, parseResult =>
        {
            var path = parseResult.GetRequiredValue(file).FullName;
            var store = parseResult.GetStoreDir(storeDir);
            var narInfo = Load(path, store);
            using var key = NixSecretKey.Load(parseResult.GetRequiredValue(keyFile).FullName);
            var signed = NarInfoWriter.Print(NarInfoSigner.Sign(narInfo, key, store), store);
            if (parseResult.GetValue(inPlace))
            {
                File.WriteAllText(path, signed);
            }
            else
            {
                Console.Out.Write(signed);
            }

            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var file = new Argument<FileInfo>("file") { Description = "The .narinfo file" };
        var trusted = new Option<string[]>("--trusted-public-keys")
        {
            Description = "Trusted public keys (name:base64), as in nix.conf; repeatable or space-separated",
            AllowMultipleArgumentsPerToken = true,
        };
        var keyFiles = new Option<FileInfo[]>("--public-key-file") { Description = "A trusted public key file; repeatable" };
        var storeDir = CommonOptions.StoreDir();
        var command = new Command(
            "verify",
            "Checks the narinfo as a Nix client does: a valid signature by a trusted key, or a CA field that reproduces the path")
        {
            file, trusted, keyFiles, storeDir,
        };
        CliAction.Set(command, parseResult =>
        {
            var store = parseResult.GetStoreDir(storeDir);
            var narInfo = Load(parseResult.GetRequiredValue(file).FullName, store);
            var keys = (parseResult.GetValue(trusted) ?? []).SelectMany(s => TrustedPublicKeys.Parse(s).Keys)
                .Concat((parseResult.GetValue(keyFiles) ?? []).Select(f => NixPublicKey.Load(f.FullName)))
                .ToList();
            if (keys.Count == 0 && !NarInfoTrust.IsExemptByContentAddress(narInfo, store))
            {
                throw new ArgumentException("no trusted keys given: use --trusted-public-keys or --public-key-file");
            }

            var problem = ContentAddressProblem(parseResult.GetRequiredValue(file).FullName, narInfo, store);
            var decision = NarInfoTrust.Decide(narInfo, new TrustedPublicKeys(keys), store);
            foreach (var check in decision.Signatures.Checks)
            {
                Console.WriteLine($"{check.KeyName}: {Describe(check.Status)}");
            }

            if (decision.ByContentAddress)
            {
                Console.WriteLine($"content-addressed: {narInfo.ContentAddress} reproduces the store path");
            }

            if (problem is not null)
            {
                throw new InvalidOperationException($"{store.Print(narInfo.StorePath)} is not trusted: {problem}");
            }

            if (!decision.IsTrusted)
            {
                throw new InvalidOperationException(
                    $"{store.Print(narInfo.StorePath)} is not trusted: no valid signature by a trusted key and no content address");
            }

            Console.WriteLine($"trusted: {store.Print(narInfo.StorePath)}");
            return 0;
        });
        return command;
    }

    // A CA must give the store path, and (when the NAR is beside the narinfo, as in a cache directory) the NAR must
    // hash to it and to the NarHash: a signature vouches for the narinfo's text, not for a contradiction in it.
    private static string? ContentAddressProblem(string narInfoFile, NarInfo narInfo, Shared.Store.StoreDir store)
    {
        if (narInfo.ContentAddress is null)
        {
            return null;
        }

        if (ContentAddressCheck.CheckPath(narInfo, store) is { } pathProblem)
        {
            return pathProblem;
        }

        var nar = Path.Combine(Path.GetDirectoryName(narInfoFile) ?? ".", narInfo.Url);
        if (!File.Exists(nar) || !NarCompressionExtensions.TryParseNixName(narInfo.Compression, out var compression))
        {
            Console.WriteLine($"CA not checked against the NAR: {nar} is not here");
            return null;
        }

        Shared.Nar.NarHashAndSize measured;
        using (var compressed = File.OpenRead(nar))
        using (var hashing = new Shared.Nar.HashingReadStream(compression.OpenDecompression(compressed), leaveInnerOpen: false))
        {
            hashing.CopyTo(Stream.Null);
            measured = hashing.GetHashAndSize();
        }

        if (measured.NarHash != narInfo.NarHash || (ulong)measured.NarSize != narInfo.NarSize)
        {
            return $"its NAR {narInfo.Url} hashes to {measured.NarHash} ({measured.NarSize} bytes), not the NarHash {narInfo.NarHash} ({narInfo.NarSize} bytes)";
        }

        using var again = File.OpenRead(nar);
        var caProblem = ContentAddressCheck.CheckNar(narInfo, measured.NarHash, () => compression.OpenDecompression(again), store);
        if (caProblem is null)
        {
            Console.WriteLine($"CA {narInfo.ContentAddress} matches the NAR {narInfo.Url}");
        }

        return caProblem;
    }

    private static string Describe(SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => "valid signature",
        SignatureStatus.Invalid => "INVALID signature (tampered narinfo or signature)",
        SignatureStatus.UnknownKey => "signature by a key that is not trusted (ignored)",
        SignatureStatus.Malformed => "malformed Sig line",
        _ => status.ToString(),
    };

    private static NarInfo Load(string path, Shared.Store.StoreDir store) =>
        NarInfoParser.TryLoad(path, store, out var narInfo, out var error)
            ? narInfo
            : throw new FormatException($"{path}: {error}");
}
