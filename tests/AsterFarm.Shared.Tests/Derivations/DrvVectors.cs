namespace AsterFarm.Shared.Tests.Derivations;

/// <summary>The <c>.drv</c> files real Nix 2.8 wrote, named by their store base names.</summary>
internal static class DrvVectors
{
    public static string Directory => Path.Combine(TestVectors.Directory, "drv");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.drv").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static byte[] Read(string baseName) => File.ReadAllBytes(Path.Combine(Directory, baseName));
}
