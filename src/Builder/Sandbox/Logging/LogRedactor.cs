namespace AsterFarm.Builder.Sandbox.Logging;

/// <summary>
/// Replaces the node's secrets in a streamed build log by <c>[redacted]</c>, also where one is split across writes: an
/// end of a write that could be the start of a secret is held back until the next write or <see cref="Flush"/>. Logs are public
/// (<c>log/&lt;drv&gt;</c>), and a build must not be able to publish a secret it learnt some other way.
/// </summary>
internal sealed class LogRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public static readonly byte[] Marker = "[redacted]"u8.ToArray();

    private readonly byte[][] _secrets;
    private readonly int _holdBack;
    private byte[] _held = [];

    public LogRedactor(IEnumerable<byte[]> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length)];
        _holdBack = _secrets.Length == 0 ? 0 : _secrets[0].Length - 1;
    }

    /// <summary>Whether there is anything to redact (otherwise <see cref="Process"/> returns its input).</summary>
    public bool IsActive => _secrets.Length > 0;

    /// <summary>The bytes of the log up to <paramref name="chunk"/> that can be written now, redacted.</summary>
    public ReadOnlyMemory<byte> Process(ReadOnlyMemory<byte> chunk)
    {
        if (!IsActive)
        {
            return chunk;
        }

        var redacted = Redact([.. _held, .. chunk.Span]);
        var keep = HeldBackLength(redacted);
        _held = redacted[^keep..];
        return redacted.AsMemory(0, redacted.Length - keep);
    }

    /// <summary>The held-back end of the log, once the log has ended.</summary>
    public ReadOnlyMemory<byte> Flush()
    {
        var rest = _held;
        _held = [];
        return rest;
    }

    // The longest end of the text that could begin a secret: only that waits for the next write, so a log that is
    // not printing a secret streams without delay.
    private int HeldBackLength(ReadOnlySpan<byte> text)
    {
        for (var length = Math.Min(_holdBack, text.Length); length > 0; length--)
        {
            foreach (var secret in _secrets)
            {
                if (secret.AsSpan().StartsWith(text[^length..]))
                {
                    return length;
                }
            }
        }

        return 0;
    }

    private byte[] Redact(byte[] text)
    {
        var output = new List<byte>(text.Length);
        var rest = text.AsSpan();
        while (true)
        {
            // The earliest occurrence of any secret (the longest where two start together: they are ordered so).
            var (at, length) = (-1, 0);
            foreach (var secret in _secrets)
            {
                var index = rest.IndexOf(secret);
                if (index >= 0 && (at < 0 || index < at))
                {
                    (at, length) = (index, secret.Length);
                }
            }

            if (at < 0)
            {
                output.AddRange(rest);
                return [.. output];
            }

            output.AddRange(rest[..at]);
            output.AddRange(Marker);
            rest = rest[(at + length)..];
        }
    }
}
