using System.Diagnostics;

namespace AsterFarm.Builder.Tests.Support;

/// <summary>Builds static foreign-architecture programs with Debian's cross gcc.</summary>
internal static class CrossCompiler
{
    /// <summary>Compiles <paramref name="source"/> with <c>&lt;triplet&gt;-gcc -static</c> into <paramref name="output"/>.</summary>
    public static async Task CompileAsync(string triplet, string source, string output)
    {
        var compiler = RequiredTool.Locate($"{triplet}-gcc");
        var sourceFile = output + ".c";
        await File.WriteAllTextAsync(sourceFile, source);
        var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-static", "-O2", "-o", output, sourceFile })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{triplet}-gcc failed ({RequiredTool.InstallHint}):\n{errors}");
        File.Delete(sourceFile);
    }
}
