namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// The peer broke the serve protocol: a wrong greeting or version, a malformed frame, or a connection that ended
/// mid-message. The message names the machine and what was expected; the connection is unusable afterwards.
/// </summary>
public sealed class ServeProtocolException : Exception
{
    public ServeProtocolException()
    {
    }

    public ServeProtocolException(string message)
        : base(message)
    {
    }

    public ServeProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
