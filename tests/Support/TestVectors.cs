namespace AsterFarm.Testing;

/// <summary>Locates <c>shared/nix-vectors</c>, the files made by real Nix 2.8 that sit beside the repository.</summary>
internal static class TestVectors
{
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ASTERFARM_NIX_VECTORS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "nix-vectors");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "shared/nix-vectors not found beside the repository; set ASTERFARM_NIX_VECTORS to its path");
    }
}
