namespace AsterFarm.Shared.BinaryCache;

/// <summary>Why the cache refused a write; the HTTP layer maps each to a 4xx status (503 for <see cref="Unavailable"/>).</summary>
public enum CacheRefusalKind
{
    /// <summary>The name or content is malformed: not a NAR, not a narinfo, a bad hash part or compression (400).</summary>
    Invalid,

    /// <summary>The content is well-formed but its hash or size differs from what was declared (422).</summary>
    Mismatch,

    /// <summary>A narinfo names a NAR the cache does not hold (409: upload the NAR first).</summary>
    MissingNar,

    /// <summary>The upload is larger than this cache accepts (413).</summary>
    TooLarge,

    /// <summary>The request lacked a valid token (401/403); only a remote cache answers this.</summary>
    Unauthorized,

    /// <summary>Too few replicas could store the write to acknowledge it (503); nothing is acknowledged, retry later.</summary>
    Unavailable,

    /// <summary>
    /// A narinfo for a path the cache already holds with other content (NAR hash, size, references or content address)
    /// (409): a signed path is never replaced by an upload; the same content again is accepted.
    /// </summary>
    Conflict,
}
