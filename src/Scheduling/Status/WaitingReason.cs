namespace AsterFarm.Scheduling.Status;

/// <summary>Why <paramref name="Count"/> ready derivations cannot start, e.g. "no builder offers riscv64-linux with feature kvm".</summary>
public sealed record WaitingReason(string Reason, int Count);
