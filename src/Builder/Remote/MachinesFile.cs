using System.Globalization;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// Parses Nix's <c>builders</c> setting and Hydra's machines file (Nix 2.8's <c>machines.cc</c>): one machine per line
/// (or per <c>;</c>), <c>#</c> starts a comment, <c>@FILE</c> includes a file, and the whitespace-separated columns are
/// <c>URI systems sshKey maxJobs speedFactor supportedFeatures mandatoryFeatures base64HostKey</c>, where <c>-</c> or a
/// missing column means the default. Only <c>ssh://</c> machines are driven (a bare host means <c>ssh://host</c>).
/// </summary>
public static class MachinesFile
{
    /// <summary>Reads a machines file.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file, the line and the column.</exception>
    public static IReadOnlyList<RemoteMachine> Load(string path, string defaultSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), defaultSystem, path);
    }

    /// <summary>Parses the text of a machines file or a <c>builders</c> value.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the source, the line and the column.</exception>
    public static IReadOnlyList<RemoteMachine> Parse(string text, string defaultSystem, string source = "builders")
    {
        ArgumentNullException.ThrowIfNull(text);
        var machines = new List<RemoteMachine>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            foreach (var part in rawLine.Split(';'))
            {
                var line = part;
                var hash = line.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0)
                {
                    line = line[..hash];
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line[0] == '@')
                {
                    var included = line[1..].Trim();
                    if (File.Exists(included))
                    {
                        machines.AddRange(Load(included, defaultSystem));
                    }

                    continue;
                }

                machines.Add(ParseLine(line, defaultSystem, $"{source}:{lineNumber}"));
            }
        }

        var duplicate = machines.GroupBy(m => m.StoreUri, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? machines : throw new FormatException($"{source}: the machine '{duplicate.Key}' is listed twice");
    }

    private static RemoteMachine ParseLine(string line, string defaultSystem, string where)
    {
        var columns = line.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        string? Column(int index) => columns.Length > index && columns[index] != "-" ? columns[index] : null;
        FormatException Bad(int index, string problem) => new($"{where}: column {index + 1} ('{columns[index]}') {problem}, in the machine line '{line}'");
        int Number(int index, int fallback) =>
            Column(index) is { } text
                ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(index, "is not an unsigned integer")
                : fallback;
        // Nix reads an unsigned integer here; Hydra a decimal: both are accepted.
        double Speed(int index) =>
            Column(index) is { } text
                ? double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(index, "is not a number")
                : 1;
        string[] List(int index) => Column(index)?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

        var uri = columns[0];
        if (!uri.Contains("://", StringComparison.Ordinal))
        {
            uri = "ssh://" + uri;
        }

        if (!uri.StartsWith("ssh://", StringComparison.Ordinal))
        {
            throw Bad(0, "is not an ssh:// machine (only Nix's serve protocol over SSH is supported; ssh-ng:// is not)");
        }

        var authority = uri["ssh://".Length..];
        int? port = null;
        var colon = authority.LastIndexOf(':');
        if (colon > authority.LastIndexOf('@') && colon >= 0)
        {
            port = int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                ? p
                : throw Bad(0, "has a port that is not a number from 1 to 65535");
            authority = authority[..colon];
        }

        if (authority.Length == 0 || authority.StartsWith('-') || authority.Contains('/', StringComparison.Ordinal) || authority.EndsWith('@'))
        {
            throw Bad(0, "does not name a host");
        }

        var hostKey = Column(7);
        if (hostKey is not null)
        {
            try
            {
                Convert.FromBase64String(hostKey);
            }
            catch (FormatException)
            {
                throw Bad(7, "is not valid base64 (the host key line, base64-encoded)");
            }
        }

        var mandatory = List(6);
        return new RemoteMachine(
            StoreUri: uri,
            Host: authority,
            Port: port,
            Systems: Column(1) is null ? [defaultSystem] : List(1),
            SshKey: Column(2),
            MaxJobs: Number(3, 1),
            SpeedFactor: Math.Max(1, Speed(4)),
            SupportedFeatures: [.. List(5).Union(mandatory, StringComparer.Ordinal)],
            MandatoryFeatures: mandatory,
            PublicHostKey: hostKey);
    }
}
