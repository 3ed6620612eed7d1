namespace AsterFarm.Coordinator.Api.Access;

/// <summary>
/// Endpoint metadata: the route is guarded by a <see cref="TokenFilter"/> with this rule. Added together with the filter
/// by <see cref="TokenRouteExtensions.RequireToken{TBuilder}"/>, so a test can list the routes that carry none.
/// </summary>
public sealed record TokenRequirement(TokenRule Rule);
