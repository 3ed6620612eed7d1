namespace AsterFarm.Coordinator.Dashboard;

/// <summary>The web dashboard every coordinator serves at <c>/</c>; bound from <c>AsterFarm:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "AsterFarm:Dashboard";

    /// <summary>
    /// The path prefix the dashboard is reached under behind a reverse proxy or Kubernetes Ingress that strips it
    /// (e.g. <c>/farm</c>); every link is relative to it. Empty when served at the host's root.
    /// </summary>
    public string BasePath { get; set; } = string.Empty;

    /// <summary>Require the token (bearer, or the browser's basic-auth prompt) for reading pages too; actions always need it.</summary>
    public bool ReadsNeedToken { get; set; }

    /// <summary>Rows of a run's derivation table per page (at most 50).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Bars the run timeline draws at most (at most 500): beyond, the longest builds and the critical path.</summary>
    public int TimelineBars { get; set; } = 500;

    /// <summary>How long the cache page reuses one scan of the cache directory.</summary>
    public TimeSpan CacheScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base path as a <c>&lt;base href&gt;</c>: always starts and ends with a slash.</summary>
    internal string BaseHref => "/" + BasePath.Trim('/') + (BasePath.Trim('/').Length > 0 ? "/" : string.Empty);
}
