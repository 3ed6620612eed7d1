using System.Text;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Cache;

/// <summary>The writes of the cache protocol (and the missing-paths query, whose body is read like an upload).</summary>
internal static class CacheUploadEndpoints
{
    public const int MaxCacheInfoBytes = 64 * 1024;

    // A store path line is at most ~260 bytes.
    private const int MaxMissingLineBytes = 300;

    /// <summary>The body limit of a missing-paths query of <see cref="CacheOptions.MaxMissingQueryPaths"/> paths.</summary>
    public static long MaxMissingQueryBytes(CacheOptions options) => options.MaxMissingQueryPaths * (long)MaxMissingLineBytes;

    public static async Task<IResult> PutCacheInfo(HttpContext context, IBinaryCacheStore store)
    {
        var body = await CacheRequests.ReadBoundedAsync(context.Request, MaxCacheInfoBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return CacheResponses.TooLarge($"nix-cache-info is larger than {MaxCacheInfoBytes} bytes");
        }

        // `nix copy` initialises an empty cache with its store dir; ours is configured, so only a conflict matters.
        var storeDir = NixCacheInfo.ReadStoreDir(Encoding.UTF8.GetString(body));
        return storeDir is null || storeDir == store.CacheInfo.StoreDir
            ? CacheResponses.Stored("nix-cache-info")
            : CacheResponses.BadRequest($"this cache holds paths of {store.CacheInfo.StoreDir}, not {storeDir}");
    }

    public static async Task<IResult> PutNar(string file, HttpContext context, IBinaryCacheStore store)
    {
        if (!NarFileName.TryParse(file, out var name, out var error))
        {
            return CacheResponses.BadRequest(error);
        }

        var result = await store.PutNarAsync(name, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        return result.IsStored ? CacheResponses.Stored(name.Url) : CacheResponses.Refused(result.Refusal);
    }

    public static async Task<IResult> PutNarInfo(string hashPart, HttpContext context, IBinaryCacheStore store)
    {
        if (!CacheEndpoints.IsHashPart(hashPart))
        {
            return CacheResponses.BadRequest($"'{hashPart}' is not a store path hash part (32 Nix base32 characters)");
        }

        var body = await CacheRequests.ReadBoundedAsync(context.Request, NarInfoParser.MaxLength, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return CacheResponses.TooLarge($"narinfo is larger than {NarInfoParser.MaxLength} bytes");
        }

        if (!NarInfoParser.TryParse(body, new StoreDir(store.CacheInfo.StoreDir), out var narInfo, out var parseError))
        {
            return CacheResponses.BadRequest(parseError.ToString());
        }

        var result = await store.PutNarInfoAsync(hashPart, narInfo, context.RequestAborted).ConfigureAwait(false);
        return result.IsStored ? CacheResponses.Stored(hashPart + ".narinfo") : CacheResponses.Refused(result.Refusal);
    }

    public static async Task<IResult> PutListing(string hashPart, HttpContext context, IBinaryCacheStore store)
    {
        var result = await store.PutListingAsync(hashPart, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        return result.IsStored ? CacheResponses.Stored(result.Value) : CacheResponses.Refused(result.Refusal);
    }

    public static async Task<IResult> PutLog(string derivation, HttpContext context, IBinaryCacheStore store)
    {
        if (!StorePath.TryParse(derivation, out var path, out var error))
        {
            return CacheResponses.BadRequest($"'{derivation}' is not a derivation's base name: {error}");
        }

        var result = await store.PutLogAsync(path, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        return result.IsStored ? CacheResponses.Stored(result.Value.RelativePath) : CacheResponses.Refused(result.Refusal);
    }

    /// <summary>Body: store paths (full or base names), one per line. Answer: the missing ones, one full path per line.</summary>
    public static async Task<IResult> QueryMissing(HttpContext context, IBinaryCacheStore store, CacheOptions options)
    {
        // Parsed line by line as the body streams: memory holds the paths parsed, never the body (nor what a client
        // merely declares in Content-Length).
        var storeDir = new StoreDir(store.CacheInfo.StoreDir);
        var paths = new List<StorePath>();
        var refused = await CacheRequests.ForEachLineAsync(
            context.Request,
            MaxMissingLineBytes,
            line =>
            {
                if (paths.Count == options.MaxMissingQueryPaths)
                {
                    return CacheResponses.TooLarge($"a missing-paths query may name at most {options.MaxMissingQueryPaths} paths");
                }

                var parsed = line.StartsWith('/') ? storeDir.TryParse(line, out var path, out var error) : StorePath.TryParse(line, out path, out error);
                if (!parsed)
                {
                    return CacheResponses.BadRequest($"'{line}' is not a store path: {error}");
                }

                paths.Add(path);
                return null;
            },
            context.RequestAborted).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var missing = await store.QueryMissingAsync(paths, context.RequestAborted).ConfigureAwait(false);
        var answer = new StringBuilder();
        foreach (var path in missing)
        {
            answer.Append(storeDir.Print(path)).Append('\n');
        }

        return Results.Text(answer.ToString(), CacheContentTypes.Text);
    }
}
