namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>Thrown by <see cref="NarInfoParser.Parse(string, Store.StoreDir?)"/> for a narinfo Nix would not accept.</summary>
public sealed class NarInfoFormatException : FormatException
{
    public NarInfoFormatException()
        : this(new NarInfoError(null, null, "invalid narinfo"))
    {
    }

    public NarInfoFormatException(string message)
        : this(new NarInfoError(null, null, message))
    {
    }

    public NarInfoFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new NarInfoError(null, null, message);
    }

    public NarInfoFormatException(NarInfoError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The line, field and reason.</summary>
    public NarInfoError Error { get; }
}
