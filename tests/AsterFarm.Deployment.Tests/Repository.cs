namespace AsterFarm.Deployment.Tests;

/// <summary>The repository these tests were built from (the directory holding <c>AsterFarm.sln</c>).</summary>
internal static class Repository
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsterFarm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AsterFarm.sln not found above " + AppContext.BaseDirectory);
    }
}
