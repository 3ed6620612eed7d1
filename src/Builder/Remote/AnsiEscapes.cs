using System.Text.RegularExpressions;

namespace AsterFarm.Builder.Remote;

/// <summary>
/// Nix colours the paths in its error messages (<c>ESC[35;1m…ESC[0m</c>) even when they travel over the serve
/// protocol; they are removed before the message reaches a report, as Nix's own <c>filterANSIEscapes</c> does.
/// </summary>
public static partial class AnsiEscapes
{
    public static string Strip(string text) => ControlSequence().Replace(text ?? string.Empty, string.Empty);

    // CSI sequences (ESC [ parameters final-byte) and two-byte escapes.
    [GeneratedRegex(@"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")]
    private static partial Regex ControlSequence();
}
