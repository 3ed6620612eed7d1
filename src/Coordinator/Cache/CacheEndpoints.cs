using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Hosting;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Nix's binary cache protocol over HTTP (nix-formats.md §10): what <c>nix copy --to http://…</c> sends and what a
/// substituter fetches, plus <c>POST /api/v1/missing</c>. Names from URLs are validated before they reach the disk;
/// anything unknown is a quick 404, anything malformed a 4xx.
/// </summary>
public static class CacheEndpoints
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Maps the cache routes; needs <see cref="IBinaryCacheStore"/>, <see cref="CacheOptions"/> and <see cref="CacheAccessToken"/> in DI.</summary>
    public static IEndpointRouteBuilder MapBinaryCache(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<CacheOptions>();
        var storeOptions = options.ToStoreOptions();

        // Each route that takes a body says how large (Kestrel refuses more before the handler reads); the handlers
        // check the same limits while streaming, with their own messages.
        endpoints.MapMethods("/nix-cache-info", ReadMethods, GetCacheInfo);
        endpoints.MapPut("/nix-cache-info", CacheUploadEndpoints.PutCacheInfo).WithRequestBodyLimit(CacheUploadEndpoints.MaxCacheInfoBytes);
        endpoints.MapMethods("/{hashPart}.narinfo", ReadMethods, GetNarInfo);
        endpoints.MapPut("/{hashPart}.narinfo", CacheUploadEndpoints.PutNarInfo).WithRequestBodyLimit(NarInfoParser.MaxLength);
        endpoints.MapMethods("/nar/{file}", ReadMethods, GetNar);
        endpoints.MapPut("/nar/{file}", CacheUploadEndpoints.PutNar).WithRequestBodyLimit(options.MaxNarFileBytes);
        endpoints.MapMethods("/{hashPart}.ls", ReadMethods, GetListing);
        endpoints.MapPut("/{hashPart}.ls", CacheUploadEndpoints.PutListing).WithRequestBodyLimit(storeOptions.MaxListingBytes);
        endpoints.MapMethods("/log/{derivation}", ReadMethods, GetLog);
        endpoints.MapPut("/log/{derivation}", CacheUploadEndpoints.PutLog).WithRequestBodyLimit(options.MaxLogBytes);
        endpoints.MapPost("/api/v1/missing", CacheUploadEndpoints.QueryMissing).WithRequestBodyLimit(CacheUploadEndpoints.MaxMissingQueryBytes(options));
        endpoints.MapFallback(() => CacheResponses.NotFound());
        return endpoints;
    }

    internal static bool MayRead(HttpContext context, CacheOptions options, CacheAccessToken token) =>
        !options.ReadsNeedToken || token.Authorizes(context.Request);

    private static IResult GetCacheInfo(HttpContext context, IBinaryCacheStore store, CacheOptions options, CacheAccessToken token) =>
        MayRead(context, options, token)
            ? Results.Text(store.CacheInfo.Print(), CacheContentTypes.CacheInfo)
            : CacheResponses.Unauthorized(context, token.IsConfigured);

    private static async Task<IResult> GetNarInfo(string hashPart, HttpContext context, IBinaryCacheStore store, CacheOptions options, CacheAccessToken token)
    {
        if (!MayRead(context, options, token))
        {
            return CacheResponses.Unauthorized(context, token.IsConfigured);
        }

        if (!IsHashPart(hashPart))
        {
            return CacheResponses.BadRequest($"'{hashPart}' is not a store path hash part (32 Nix base32 characters)");
        }

        var stream = await store.OpenNarInfoAsync(hashPart, context.RequestAborted).ConfigureAwait(false);
        return stream switch
        {
            null => CacheResponses.NotFound(),

            // The file store answers from memory: send its buffer as is.
            MemoryStream memory when memory.TryGetBuffer(out var bytes) => Results.Bytes(bytes.AsMemory(), CacheContentTypes.NarInfo),
            _ => Results.Stream(stream, CacheContentTypes.NarInfo),
        };
    }

    private static async Task<IResult> GetNar(string file, HttpContext context, IBinaryCacheStore store, CacheOptions options, CacheAccessToken token)
    {
        if (!MayRead(context, options, token))
        {
            return CacheResponses.Unauthorized(context, token.IsConfigured);
        }

        if (!NarFileName.TryParse(file, out var name, out var error))
        {
            return CacheResponses.BadRequest(error);
        }

        // Zero-copy (sendfile) with range support straight from the disk; other stores (and NARs a replicated store
        // fetches from a peer) stream.
        if (store is ILocalNarFiles files)
        {
            var path = files.GetNarFilePath(name);
            if (path is not null)
            {
                return Results.File(path, CacheContentTypes.Nar, enableRangeProcessing: true);
            }

            if (store is FileBinaryCacheStore)
            {
                return CacheResponses.NotFound();
            }
        }

        var stream = await store.OpenNarAsync(name, context.RequestAborted).ConfigureAwait(false);
        return stream is null ? CacheResponses.NotFound() : Results.Stream(stream, CacheContentTypes.Nar, enableRangeProcessing: true);
    }

    private static async Task<IResult> GetListing(string hashPart, HttpContext context, IBinaryCacheStore store, CacheOptions options, CacheAccessToken token)
    {
        if (!MayRead(context, options, token))
        {
            return CacheResponses.Unauthorized(context, token.IsConfigured);
        }

        if (!IsHashPart(hashPart))
        {
            return CacheResponses.BadRequest($"'{hashPart}' is not a store path hash part");
        }

        var stream = await store.OpenListingAsync(hashPart, context.RequestAborted).ConfigureAwait(false);
        return stream is null ? CacheResponses.NotFound() : Results.Stream(stream, CacheContentTypes.Listing);
    }

    private static async Task<IResult> GetLog(string derivation, HttpContext context, IBinaryCacheStore store, CacheOptions options, CacheAccessToken token)
    {
        if (!MayRead(context, options, token))
        {
            return CacheResponses.Unauthorized(context, token.IsConfigured);
        }

        if (!StorePath.TryParse(derivation, out var path, out var error))
        {
            return CacheResponses.BadRequest($"'{derivation}' is not a derivation's base name: {error}");
        }

        var stream = await store.OpenLogAsync(path, context.RequestAborted).ConfigureAwait(false);
        return stream is null ? CacheResponses.NotFound() : Results.Stream(stream, CacheContentTypes.Log);
    }

    internal static bool IsHashPart(string text) =>
        text.Length == StorePath.HashPartLength && text.All(Shared.Hashing.NixBase32.IsDigit);
}
