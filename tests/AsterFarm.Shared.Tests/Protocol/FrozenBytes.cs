namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>Where the frozen serialized samples live: in the build output for reading, in the source tree for writing.</summary>
internal static class FrozenBytes
{
    /// <summary>The protocol version whose samples <see cref="ProtocolSamples.Full"/> describes.</summary>
    public const string CurrentVersion = "v4";

    /// <summary>Set to 1 to write the frozen files of the current version that do not exist yet (never overwrites).</summary>
    public const string WriteVariable = "ASTERFARM_FREEZE_PROTOCOL";

    public static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "Protocol", "Frozen");

    public static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "AsterFarm.Shared.Tests", "Protocol", "Frozen");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/AsterFarm.Shared.Tests/Protocol/Frozen not found above " + AppContext.BaseDirectory);
    }
}
