using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Cache;

/// <summary>How the cache answers refusals and bad requests: a status and one line of text saying what is wrong.</summary>
internal static class CacheResponses
{
    public static IResult Refused(CacheRefusal refusal) => Text(
        refusal.Kind switch
        {
            CacheRefusalKind.Invalid => StatusCodes.Status400BadRequest,
            CacheRefusalKind.Mismatch => StatusCodes.Status422UnprocessableEntity,
            CacheRefusalKind.MissingNar => StatusCodes.Status409Conflict,
            CacheRefusalKind.Conflict => StatusCodes.Status409Conflict,
            CacheRefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            CacheRefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        },
        refusal.Message);

    public static IResult BadRequest(string message) => Text(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound() => Results.StatusCode(StatusCodes.Status404NotFound);

    public static IResult TooLarge(string message) => Text(StatusCodes.Status413PayloadTooLarge, message);

    public static IResult Stored(string what) => Text(StatusCodes.Status200OK, "stored " + what);

    /// <summary>401 with a basic-auth challenge (curl answers it from the netrc file).</summary>
    public static IResult Unauthorized(HttpContext context, bool tokenConfigured)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"asterfarm\"";
        return Text(
            StatusCodes.Status401Unauthorized,
            tokenConfigured ? "a valid token is required (Authorization: Bearer, or as the basic-auth password)" : "writes are disabled: this cache has no token configured");
    }

    private static IResult Text(int status, string message) =>
        Results.Text(message + "\n", CacheContentTypes.Text, statusCode: status);
}
