namespace AsterFarm.Builder.Cli;

/// <summary>Writes progress lines to a writer at once (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class ConsoleProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine("asterfarm-builder: " + value);
}
