namespace AsterFarm.Coordinator.Jobsets.Api;

/// <summary>The body of <c>POST /api/v1/pins</c> and <c>POST /api/v1/pins/remove</c>; also what <c>GET /api/v1/pins</c> answers.</summary>
/// <param name="Paths">Full store paths (<c>/nix/store/…</c>).</param>
public sealed record PinsRequest(IReadOnlyList<string> Paths);
