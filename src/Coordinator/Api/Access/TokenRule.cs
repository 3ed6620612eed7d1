namespace AsterFarm.Coordinator.Api.Access;

/// <summary>When a route needs the farm's token (<see cref="AccessToken"/>); enforced by <see cref="TokenFilter"/>.</summary>
public enum TokenRule
{
    /// <summary>Always: refused without the token, and refused to everyone when no token is configured (cache uploads, replication).</summary>
    Write,

    /// <summary>When a token is configured (the run API's submit and cancel; a farm started without a token takes runs from anyone who reaches it).</summary>
    WriteWhenConfigured,

    /// <summary>Only when <c>AsterFarm:Cache:ReadsNeedToken</c> (the cache's reads, and its missing-paths query).</summary>
    CacheRead,

    /// <summary>Only when <c>AsterFarm:Dashboard:ReadsNeedToken</c> (the dashboard's pages); a browser is asked for it (basic auth).</summary>
    DashboardRead,

    /// <summary>
    /// Always, as an <c>Authorization: Bearer</c> header, which only the page's script sets: a browser never sends it on its
    /// own (unlike cookies or cached basic-auth credentials), so another site cannot make a visitor's browser act (CSRF).
    /// Refused to everyone when no token is configured (the dashboard's cancel and rebuild actions).
    /// </summary>
    DashboardAction,
}
