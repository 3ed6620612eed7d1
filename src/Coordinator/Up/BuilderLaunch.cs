namespace AsterFarm.Coordinator.Up;

/// <summary>How <c>asterfarm up</c> starts one builder node: the program, its arguments and environment.</summary>
/// <param name="Name">The builder's node name (also its log prefix).</param>
/// <param name="FileName">The program: the <c>asterfarm-builder</c> executable, or <c>dotnet</c>.</param>
/// <param name="Arguments">Its arguments (<c>[asterfarm-builder.dll,] node</c>).</param>
/// <param name="Environment">Its settings, as a Kubernetes pod would get them.</param>
internal sealed record BuilderLaunch(string Name, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public const string BuilderVariable = "ASTERFARM_BUILDER";

    /// <summary>
    /// The builder program: <c>$ASTERFARM_BUILDER</c> (an executable or a .dll), else <c>asterfarm-builder</c> next to
    /// this assembly (published together), else null.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Prefix)? FindBuilder()
    {
        var configured = System.Environment.GetEnvironmentVariable(BuilderVariable);
        var candidates = configured is { Length: > 0 }
            ? [configured]
            : new[] { Path.Combine(AppContext.BaseDirectory, "asterfarm-builder"), Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll") };
        foreach (var candidate in candidates.Where(File.Exists))
        {
            return candidate.EndsWith(".dll", StringComparison.Ordinal) ? ("dotnet", [candidate]) : (candidate, []);
        }

        return null;
    }
}
