using System.Security.Cryptography;

namespace AsterFarm.Coordinator.Up;

/// <summary>
/// The local directory of <c>asterfarm up</c> (<c>--state</c>, else <c>$ASTERFARM_STATE</c>, else <c>./.asterfarm</c>):
/// the cache (with its signing key), the write token (generated on first start and kept) and the scheduler journal (<c>scheduler.db</c>).
/// </summary>
internal sealed class UpState
{
    public const string StateVariable = "ASTERFARM_STATE";
    public const string DefaultDirectory = ".asterfarm";

    private UpState(string directory, string token)
    {
        Directory = directory;
        Token = token;
    }

    public string Directory { get; }

    public string CacheDirectory => Path.Combine(Directory, "cache");

    public string TokenFile => Path.Combine(Directory, "token");

    public string Token { get; }

    public static UpState Open(string? directory)
    {
        var root = Path.GetFullPath(directory ?? Environment.GetEnvironmentVariable(StateVariable) ?? DefaultDirectory);
        System.IO.Directory.CreateDirectory(root);
        var tokenFile = Path.Combine(root, "token");
        if (!File.Exists(tokenFile))
        {
            File.WriteAllText(tokenFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new UpState(root, File.ReadAllText(tokenFile).Trim());
    }
}
