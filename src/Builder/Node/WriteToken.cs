namespace AsterFarm.Builder.Node;

/// <summary>Reads the cache's write token once, at start, and leaves no copy of it in the process environment.</summary>
public static class WriteToken
{
    /// <summary>The variable the token is read from when no token file is configured (discouraged: prefer a file).</summary>
    public const string EnvironmentVariable = "ASTERFARM_TOKEN";

    /// <summary>
    /// The token from <paramref name="tokenFile"/> if given, else from <c>ASTERFARM_TOKEN</c>; null if neither. The variable
    /// is removed from this process's environment either way, so no child process (a sandbox helper, an emulator) can
    /// inherit it.
    /// </summary>
    public static string? Read(string? tokenFile)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        Environment.SetEnvironmentVariable(EnvironmentVariable, null);
        return tokenFile is not null ? File.ReadAllText(tokenFile).Trim() : fromEnvironment;
    }
}
