using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Api.Access;

/// <summary>
/// The farm's one authentication check: lets a request through when its route's <see cref="TokenRule"/> is met, and
/// answers 401 (403 for a dashboard action on a farm without a token) in the style of the route's area otherwise. Routes
/// get it through <see cref="TokenRouteExtensions.RequireToken{TBuilder}"/> on their group; no handler checks the token.
/// </summary>
internal sealed class TokenFilter(TokenRule rule) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var token = http.RequestServices.GetRequiredService<AccessToken>();
        return Refusal(http, token) ?? await next(context).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="http"/> may not pass, as the answer to send; null when it may.</summary>
    private IResult? Refusal(HttpContext http, AccessToken token)
    {
        var request = http.Request;
        switch (rule)
        {
            case TokenRule.Write:
                return token.Authorizes(request) ? null : CacheResponses.Unauthorized(http, token.IsConfigured);
            case TokenRule.CacheRead:
                return !http.RequestServices.GetRequiredService<CacheOptions>().ReadsNeedToken || token.Authorizes(request)
                    ? null
                    : CacheResponses.Unauthorized(http, token.IsConfigured);
            case TokenRule.WriteWhenConfigured:
                return !token.IsConfigured || token.Authorizes(request)
                    ? null
                    : Results.Problem($"a valid token is needed to {request.Method} {request.Path}", statusCode: StatusCodes.Status401Unauthorized);
            case TokenRule.DashboardRead:
                if (!http.RequestServices.GetRequiredService<DashboardOptions>().ReadsNeedToken || token.Authorizes(request))
                {
                    return null;
                }

                http.Response.Headers.WWWAuthenticate = "Basic realm=\"AsterFarm\", charset=\"UTF-8\"";
                return Results.Text("the dashboard needs the farm's token (user name: any, password: the token)\n", statusCode: StatusCodes.Status401Unauthorized);
            case TokenRule.DashboardAction:
                if (!token.IsConfigured)
                {
                    return Results.Problem("this coordinator has no token configured, so it refuses every action", statusCode: StatusCodes.Status403Forbidden);
                }

                var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                return bearer && token.Authorizes(request)
                    ? null
                    : Results.Problem("this action needs the farm's token (Authorization: Bearer)", statusCode: StatusCodes.Status401Unauthorized);
            default:
                throw new InvalidOperationException($"no check for token rule {rule}");
        }
    }
}
