using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Tests.Nar;

/// <summary>What a NAR records of a tree (kinds, names, contents, owner-execute bits, symlink targets), for comparing trees.</summary>
internal static class TreeSnapshot
{
    public static IReadOnlyList<string> Of(string root)
    {
        var lines = new List<string>();
        Walk(root, "/", lines);
        return lines;
    }

    private static void Walk(string path, string relative, List<string> lines)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            lines.Add($"{relative} -> {target}");
        }
        else if (Directory.Exists(path))
        {
            lines.Add($"{relative}/");
            foreach (var child in Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { AttributesToSkip = 0 })
                         .Order(StringComparer.Ordinal))
            {
                Walk(child, relative.TrimEnd('/') + "/" + Path.GetFileName(child), lines);
            }
        }
        else
        {
            var executable = (info.UnixFileMode & UnixFileMode.UserExecute) != 0 ? "x" : "-";
            lines.Add($"{relative} {executable} {NixHash.Sha256(File.ReadAllBytes(path)).ToBase32()}");
        }
    }
}
