using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard;

/// <summary>
/// The stylesheet and script, embedded in the assembly and served with a content hash in their URL, so that a browser
/// caches them for good and still gets a new version after an upgrade.
/// </summary>
internal static class DashboardAssets
{
    public const string Route = "dashboard/assets";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type, string Version)> Assets = Load();

    /// <summary>The relative URL of <paramref name="name"/> with its version.</summary>
    public static string Url(string name) => $"{Route}/{name}?v={Assets[name].Version}";

    public static IResult Serve(string name, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
        return Results.Bytes(asset.Bytes, asset.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        const string prefix = "AsterFarm.Dashboard.";
        var assets = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[prefix.Length..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets[name] = (bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
