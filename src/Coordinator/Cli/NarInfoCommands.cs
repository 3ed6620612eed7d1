using System.CommandLine;
using AsterFarm.Shared.Cache;
using AsterFarm.Shared.CommandLine;
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

            var decision = NarInfoTrust.Decide(narInfo, new TrustedPublicKeys(keys), store);
            foreach (var check in decision.Signatures.Checks)
            {
                Console.WriteLine($"{check.KeyName}: {Describe(check.Status)}");
            }

            if (decision.ByContentAddress)
            {
                Console.WriteLine($"content-addressed: {narInfo.ContentAddress} reproduces the store path");
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
