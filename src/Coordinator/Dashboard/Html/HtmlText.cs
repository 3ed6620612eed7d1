using System.Globalization;
using System.Text.Encodings.Web;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Dashboard.Html;

/// <summary>Encoding and the small formats every page shares: durations, times, state badges, progress bars.</summary>
internal static class HtmlText
{
    /// <summary>HTML-encodes <paramref name="text"/> for element content and quoted attributes.</summary>
    public static string H(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>URL-encodes one path segment or query value.</summary>
    public static string U(string text) => Uri.EscapeDataString(text);

    public static string Duration(TimeSpan span)
    {
        var s = Math.Max(0, span.TotalSeconds);
        return s switch
        {
            < 10 => s.ToString("0.0", CultureInfo.InvariantCulture) + " s",
            < 60 => s.ToString("0", CultureInfo.InvariantCulture) + " s",
            < 3600 => $"{(int)(s / 60)} min {(int)(s % 60):00} s",
            _ => $"{(int)(s / 3600)} h {(int)(s % 3600 / 60):00} min",
        };
    }

    /// <summary>A UTC time as <c>&lt;time&gt;</c>: the clock time shown, the full date in the tooltip and attribute.</summary>
    public static string Time(DateTime utc) =>
        utc <= DateTime.UnixEpoch
            ? "—"
            : $"<time datetime=\"{utc:yyyy-MM-ddTHH:mm:ssZ}\" title=\"{utc:yyyy-MM-dd HH:mm:ss} UTC\">{utc:MM-dd HH:mm:ss}</time>";

    /// <summary>A coloured state label; the colour is never the only cue (the word is always there).</summary>
    public static string Badge(string state) => $"<span class=\"badge s-{H(state.ToLowerInvariant())}\">{H(Label(state))}</span>";

    public static string Label(string state) => state switch
    {
        nameof(BuildState.DependencyFailed) => "dependency failed",
        _ => state,
    };

    /// <summary>
    /// A stacked bar of a system's derivations: built (or cached), running, failed, waiting, planned; the counts are
    /// also in the text beside it and in the bar's accessible name.
    /// </summary>
    public static string Progress(SystemProgress p)
    {
        var total = Math.Max(1, p.Planned + p.Waiting + p.Running + p.Done + p.Failed);
        string Part(int count, string cls) => count == 0 ? string.Empty
            : $"<span class=\"seg {cls}\" style=\"width:{100.0 * count / total:0.###}%\"></span>".Replace(",", ".", StringComparison.Ordinal);
        var label = $"{p.System}: {p.Done} of {total} done, {p.Running} running, {p.Failed} failed, {p.Waiting} waiting, {p.Planned} planned";
        return $"<div class=\"progress\" role=\"img\" aria-label=\"{H(label)}\" data-system=\"{H(p.System)}\">"
            + Part(p.Done, "done") + Part(p.Running, "running") + Part(p.Failed, "failed") + Part(p.Waiting, "waiting") + Part(p.Planned, "planned")
            + "</div>";
    }

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>A derivation's name without its hash, for people; the full path stays in the link and tooltip.</summary>
    public static string DrvName(string baseName) =>
        baseName.Length > 33 && baseName[32] == '-' ? baseName[33..] : baseName;
}
