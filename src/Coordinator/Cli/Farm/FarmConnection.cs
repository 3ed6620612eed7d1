using System.CommandLine;

namespace AsterFarm.Coordinator.Cli.Farm;

/// <summary>Where the coordinator is and the token to use: flags, else <c>ASTERFARM_COORDINATOR</c> / <c>ASTERFARM_TOKEN</c>.</summary>
internal sealed class FarmConnection
{
    public const string CoordinatorVariable = "ASTERFARM_COORDINATOR";
    public const string TokenVariable = "ASTERFARM_TOKEN";
    public const string DefaultCoordinator = "http://127.0.0.1:8080";

    private readonly Option<string?> _coordinator = new("--coordinator")
    {
        Description = $"The coordinator's HTTP URL, which also serves the cache (env {CoordinatorVariable}; default {DefaultCoordinator})",
    };

    private readonly Option<string?> _tokenFile = new("--token-file") { Description = $"A file holding the write token (default: env {TokenVariable})" };

    public void AddTo(Command command)
    {
        command.Options.Add(_coordinator);
        command.Options.Add(_tokenFile);
    }

    public Uri Coordinator(ParseResult parseResult)
    {
        var text = parseResult.GetValue(_coordinator) ?? Environment.GetEnvironmentVariable(CoordinatorVariable) ?? DefaultCoordinator;
        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"'{text}' is not an http(s) URL of a coordinator");
    }

    public string? Token(ParseResult parseResult) =>
        parseResult.GetValue(_tokenFile) is { } file ? File.ReadAllText(file).Trim() : Environment.GetEnvironmentVariable(TokenVariable);

    public HttpClient CreateHttpClient(ParseResult parseResult)
    {
        var http = new HttpClient { BaseAddress = Coordinator(parseResult), Timeout = Timeout.InfiniteTimeSpan };
        if (Token(parseResult) is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
