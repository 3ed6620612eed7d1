namespace AsterFarm.Builder.Remote;

/// <summary>A remote Nix machine could not be reached or stopped answering; the message names it and says why.</summary>
public sealed class RemoteMachineException : Exception
{
    public RemoteMachineException()
    {
        Machine = string.Empty;
        Reason = string.Empty;
    }

    public RemoteMachineException(string message)
        : base(message)
    {
        Machine = string.Empty;
        Reason = message;
    }

    public RemoteMachineException(string message, Exception innerException)
        : base(message, innerException)
    {
        Machine = string.Empty;
        Reason = message;
    }

    public RemoteMachineException(string machine, string reason, Exception? innerException = null)
        : base($"remote machine '{machine}': {reason}", innerException)
    {
        Machine = machine;
        Reason = reason;
    }

    /// <summary>The machine's store URI.</summary>
    public string Machine { get; }

    /// <summary>What went wrong, without the machine's name.</summary>
    public string Reason { get; }
}
