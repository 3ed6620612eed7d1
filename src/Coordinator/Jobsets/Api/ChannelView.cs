namespace AsterFarm.Coordinator.Jobsets.Api;

/// <summary><c>GET /api/v1/jobsets/{name}/channel</c>: the latest evaluation whose jobs all succeeded and its output paths (none when no evaluation qualifies).</summary>
public sealed record ChannelView(string Jobset, int? Evaluation, IReadOnlyList<string> Paths);
