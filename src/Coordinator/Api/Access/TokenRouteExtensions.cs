using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Api.Access;

/// <summary>Puts a route group (or a route) behind the token: the one place authentication is added to routes.</summary>
public static class TokenRouteExtensions
{
    /// <summary>Adds a <see cref="TokenFilter"/> for <paramref name="rule"/> and its <see cref="TokenRequirement"/> metadata.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder, TokenRule rule)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new TokenRequirement(rule));
        builder.AddEndpointFilter(new TokenFilter(rule));
        return builder;
    }
}
