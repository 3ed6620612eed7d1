using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace AsterFarm.Hosting;

/// <summary>
/// A route's own request body limit (routing hands it to Kestrel before the handler reads): the server-wide
/// <see cref="HttpOptions.MaxRequestBodyBytes"/> stays small, and each route that takes more says how much.
/// </summary>
public sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

/// <summary>Attaches <see cref="RequestBodyLimit"/> to routes.</summary>
public static class RequestBodyLimitExtensions
{
    /// <summary>Bodies of this route may be up to <paramref name="maxBytes"/> bytes.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimit(maxBytes));
}
