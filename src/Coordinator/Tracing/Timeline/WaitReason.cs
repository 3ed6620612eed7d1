namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>Why a derivation was not running. The <see cref="WaitRecord.Subject"/> names what it waited for.</summary>
public enum WaitReason
{
    /// <summary>A dependency was still building (subject: the dependency's drv path). The graph's shape.</summary>
    Dependency,

    /// <summary>No builder in the farm offered the system with the required features (subject: "system with features").</summary>
    NoCapableBuilder,

    /// <summary>Every slot that could run the system was busy (subject: the system).</summary>
    SlotsBusy,

    /// <summary>An emulating slot was free, but a native slot was expected to free sooner than emulation would finish (subject: the system).</summary>
    NativeSlotSooner,
}
