namespace AsterFarm.Builder.Realisation;

/// <summary>Whose fault a failed realisation is, which decides what the scheduler does next.</summary>
public enum FailureClass
{
    /// <summary>The derivation itself fails (non-zero exit, hash mismatch, missing output, timeout, silence): do not retry.</summary>
    Build,

    /// <summary>The node or its surroundings failed (cache unreachable, out of disk, emulator crash): retry, elsewhere if need be.</summary>
    Infrastructure,

    /// <summary>This node cannot build it (system, features, floating CA); nothing was fetched: place it on another node.</summary>
    Refused,
}
