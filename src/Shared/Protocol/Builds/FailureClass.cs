namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Whether retrying elsewhere can help. Values are part of the wire format: never renumber.</summary>
public enum FailureClass
{
    /// <summary>The machine failed, not the derivation (node lost, QEMU killed by a signal, out of disk, cache unreachable): retried on another node.</summary>
    Infrastructure = 1,

    /// <summary>The derivation failed (non-zero exit, hash mismatch, timeout): not retried, cached as failed.</summary>
    Build = 2,

    /// <summary>The builder would not take it (e.g. a system it does not offer); nothing ran: placed elsewhere, not counted as an attempt.</summary>
    Refused = 3,
}
