using System.CommandLine;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// Where the coordinators are and the token to use: flags, else <c>ASTERFARM_COORDINATOR</c> (a comma-separated list) /
/// <c>ASTERFARM_TOKEN</c>. With several coordinators, requests fail over between them (<see cref="CoordinatorFailover"/>).
/// </summary>
internal sealed class FarmConnection
{
    public const string CoordinatorVariable = "ASTERFARM_COORDINATOR";
    public const string TokenVariable = "ASTERFARM_TOKEN";
    public const string DefaultCoordinator = "http://127.0.0.1:8080";

    /// <summary>
    /// How long a request keeps trying the coordinators while none answers (a singleton moving takes seconds; a
    /// coordinator restarting, tens of seconds).
    /// </summary>
    public static readonly TimeSpan FailoverPatience = TimeSpan.FromMinutes(2);

    /// <summary>Connection attempts to a host that does not answer (down, partitioned) give up after this, so the next coordinator is tried.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Option<string[]> _coordinator = new("--coordinator")
    {
        Description = $"A coordinator's HTTP URL, which also serves the cache; repeat it to fail over between coordinators (env {CoordinatorVariable}, comma-separated; default {DefaultCoordinator})",
    };

    private readonly Option<string?> _tokenFile = new("--token-file") { Description = $"A file holding the write token (default: env {TokenVariable})" };

    public void AddTo(Command command)
    {
        command.Options.Add(_coordinator);
        command.Options.Add(_tokenFile);
    }

    /// <summary>The coordinators' URLs, the first one tried first.</summary>
    public IReadOnlyList<Uri> Coordinators(ParseResult parseResult)
    {
        var given = parseResult.GetValue(_coordinator) is { Length: > 0 } flags
            ? flags
            : (Environment.GetEnvironmentVariable(CoordinatorVariable) ?? DefaultCoordinator).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return given.Length == 0 ? [Parse(DefaultCoordinator)] : [.. given.Select(Parse)];
    }

    public string? Token(ParseResult parseResult) =>
        parseResult.GetValue(_tokenFile) is { } file ? File.ReadAllText(file).Trim() : Environment.GetEnvironmentVariable(TokenVariable);

    public HttpClient CreateHttpClient(ParseResult parseResult)
    {
        var coordinators = Coordinators(parseResult);
        var failover = new CoordinatorFailover(coordinators, FailoverPatience, new SocketsHttpHandler { ConnectTimeout = ConnectTimeout });
        var http = new HttpClient(failover) { BaseAddress = coordinators[0], Timeout = Timeout.InfiniteTimeSpan };
        if (Token(parseResult) is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private static Uri Parse(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"'{text}' is not an http(s) URL of a coordinator");
}
