namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>Why a job took longer than its history says it should.</summary>
public enum SlowdownReason
{
    /// <summary>Its build itself took longer on the same kind of builder (the only phase the run status measures today).</summary>
    Build,

    /// <summary>It was built natively last time and under QEMU emulation this time.</summary>
    EmulatedNow,
}
