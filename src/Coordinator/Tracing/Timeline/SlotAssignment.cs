namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>Where and how a step ran: the builder and slot, and whether the system was emulated (QEMU user mode).</summary>
/// <param name="Builder">The builder node's name.</param>
/// <param name="Slot">The slot index on that builder, from 0.</param>
/// <param name="At">When the scheduler assigned the step (its slot is busy from here until the step finishes).</param>
/// <param name="Emulated">True when the builder ran the step's system under QEMU.</param>
/// <param name="Slowdown">How many times slower than native the builder's emulation of that system is (1 when native).</param>
public sealed record SlotAssignment(string Builder, int Slot, DateTimeOffset At, bool Emulated, double Slowdown);
