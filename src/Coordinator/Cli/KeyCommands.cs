using System.CommandLine;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.Signing;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm key generate</c>: signing keys in Nix's <c>name:base64</c> key-file format.</summary>
internal static class KeyCommands
{
    public static Command Create() => new("key", "Binary cache signing keys in Nix's key-file format") { Generate() };

    private static Command Generate()
    {
        var name = new Argument<string>("name") { Description = "Key name, e.g. cache.example.org-1 (goes before the colon)" };
        var secretFile = new Option<FileInfo?>("--secret-key-file") { Description = "Where to write the secret key (default: NAME.sk)" };
        var publicFile = new Option<FileInfo?>("--public-key-file") { Description = "Where to write the public key (default: NAME.pk)" };
        var command = new Command(
            "generate",
            "Generates an Ed25519 key pair as `nix-store --generate-binary-cache-key` does, and prints the public key")
        {
            name, secretFile, publicFile,
        };
        CliAction.Set(command, parseResult =>
        {
            var keyName = parseResult.GetRequiredValue(name);
            using var key = NixSecretKey.Generate(keyName);
            key.Save(parseResult.GetValue(secretFile)?.FullName ?? $"{keyName}.sk");
            key.PublicKey.Save(parseResult.GetValue(publicFile)?.FullName ?? $"{keyName}.pk");
            Console.WriteLine(key.PublicKey.ToKeyFileText());
            return 0;
        });
        return command;
    }
}
