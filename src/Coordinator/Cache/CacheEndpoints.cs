using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Hosting;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
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

    /// <summary>Maps the cache routes; needs <see cref="IBinaryCacheStore"/>, <see cref="CacheOptions"/> and <see cref="AccessToken"/> in DI; reads and writes are route groups behind the token (<see cref="TokenRule.CacheRead"/>, <see cref="TokenRule.Write"/>).</summary>
    public static IEndpointRouteBuilder MapBinaryCache(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<CacheOptions>();
        var storeOptions = options.ToStoreOptions();

        // Each route that takes a body says how large (Kestrel refuses more before the handler reads); the handlers
        // check the same limits while streaming, with their own messages.
        var reads = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.CacheRead);
        var writes = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.Write);
        reads.MapMethods("/nix-cache-info", ReadMethods, GetCacheInfo);
        writes.MapPut("/nix-cache-info", CacheUploadEndpoints.PutCacheInfo).WithRequestBodyLimit(CacheUploadEndpoints.MaxCacheInfoBytes);
        reads.MapMethods("/{hashPart}.narinfo", ReadMethods, GetNarInfo);
        writes.MapPut("/{hashPart}.narinfo", CacheUploadEndpoints.PutNarInfo).WithRequestBodyLimit(NarInfoParser.MaxLength);
        reads.MapMethods("/nar/{file}", ReadMethods, GetNar);
        writes.MapPut("/nar/{file}", CacheUploadEndpoints.PutNar).WithRequestBodyLimit(options.MaxNarFileBytes);
        reads.MapMethods("/{hashPart}.ls", ReadMethods, GetListing);
        writes.MapPut("/{hashPart}.ls", CacheUploadEndpoints.PutListing).WithRequestBodyLimit(storeOptions.MaxListingBytes);
        reads.MapMethods("/log/{derivation}", ReadMethods, GetLog);
        writes.MapPut("/log/{derivation}", CacheUploadEndpoints.PutLog).WithRequestBodyLimit(options.MaxLogBytes);

        // A query, though it is a POST: it reveals what the cache holds, so it is a read.
        reads.MapPost("/api/v1/missing", CacheUploadEndpoints.QueryMissing).WithRequestBodyLimit(CacheUploadEndpoints.MaxMissingQueryBytes(options));
        reads.MapFallback(() => CacheResponses.NotFound());
        return endpoints;
    }

    private static IResult GetCacheInfo(IBinaryCacheStore store) => Results.Text(store.CacheInfo.Print(), CacheContentTypes.CacheInfo);

    private static async Task<IResult> GetNarInfo(string hashPart, HttpContext context, IBinaryCacheStore store)
    {
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

    private static async Task<IResult> GetNar(string file, HttpContext context, IBinaryCacheStore store)
    {
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

    private static async Task<IResult> GetListing(string hashPart, HttpContext context, IBinaryCacheStore store)
    {
        if (!IsHashPart(hashPart))
        {
            return CacheResponses.BadRequest($"'{hashPart}' is not a store path hash part");
        }

        var stream = await store.OpenListingAsync(hashPart, context.RequestAborted).ConfigureAwait(false);
        return stream is null ? CacheResponses.NotFound() : Results.Stream(stream, CacheContentTypes.Listing);
    }

    private static async Task<IResult> GetLog(string derivation, HttpContext context, IBinaryCacheStore store)
    {
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
