using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Api.Access;

/// <summary>
/// The farm's shared secret: it authorises cache writes, replication between replicas, run submission and dashboard
/// actions (and reads, if so configured); <see cref="TokenFilter"/> checks it. Accepted as <c>Authorization: Bearer
/// TOKEN</c> and as the password of HTTP basic auth, which is what Nix sends from a <c>netrc-file</c> entry.
/// </summary>
public sealed class AccessToken
{
    /// <summary>The environment variable the token is read from when no token file is configured.</summary>
    public const string EnvironmentVariable = "ASTERFARM_TOKEN";

    private readonly byte[]? _token;

    private AccessToken(string? token)
    {
        _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);
    }

    /// <summary>Whether a token is configured; without one every write is refused.</summary>
    public bool IsConfigured => _token is not null;

    /// <summary>A token given directly (tests, embedded use).</summary>
    public static AccessToken FromValue(string? token) => new(token);

    /// <summary>The token from <paramref name="tokenFile"/> if given, else from <c>ASTERFARM_TOKEN</c>.</summary>
    public static AccessToken Load(string? tokenFile) =>
        new(tokenFile is not null ? File.ReadAllText(tokenFile).Trim() : Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The token as this node presents it to its peers (<c>Authorization: Bearer</c>), or null if none is configured.</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? ToAuthorizationHeader() =>
        _token is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Encoding.UTF8.GetString(_token));

    /// <summary>Whether the request carries the token, as a bearer token or as the basic-auth password.</summary>
    public bool Authorizes(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_token is null)
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        string? presented = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            presented = DecodeBasicPassword(header["Basic ".Length..].Trim());
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private static string? DecodeBasicPassword(string encoded)
    {
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
