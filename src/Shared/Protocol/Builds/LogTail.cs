using System.Text;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Trims a build log to the last <see cref="ProtocolLimits.MaxLogTailBytes"/> UTF-8 bytes for <see cref="BuildFailed"/>.</summary>
public static class LogTail
{
    public static string Of(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Encoding.UTF8.GetByteCount(log) <= ProtocolLimits.MaxLogTailBytes)
        {
            return log;
        }

        // Keep whole characters: walk back from the end until the byte budget is spent.
        var bytes = 0;
        var start = log.Length;
        while (start > 0)
        {
            var step = start >= 2 && char.IsSurrogatePair(log[start - 2], log[start - 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(log.AsSpan(start - step, step));
            if (bytes + size > ProtocolLimits.MaxLogTailBytes)
            {
                break;
            }

            bytes += size;
            start -= step;
        }

        return log[start..];
    }
}
