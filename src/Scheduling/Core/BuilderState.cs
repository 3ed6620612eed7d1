using AsterFarm.Scheduling.Builders;

namespace AsterFarm.Scheduling.Core;

/// <summary>The core's mutable record of one builder node: per-system speeds, slots, and which outputs it holds.</summary>
internal sealed class BuilderState
{
    public BuilderState(BuilderSpec spec, int index, int machineClass, double[] speeds, bool[] emulated, ulong features)
    {
        Spec = spec;
        Index = index;
        MachineClass = machineClass;
        Speeds = speeds;
        Emulated = emulated;
        Features = features;
        Running = new int[spec.Slots];
        Array.Fill(Running, Free);
        EstimatedFree = new double[spec.Slots];
        Promised = new List<int>?[spec.Slots];
        PromisedFinish = new double[spec.Slots];
        IdleSlots = spec.Slots;
    }

    /// <summary>A slot of <see cref="Running"/> that is free.</summary>
    public const int Free = -1;

    /// <summary>A slot of <see cref="Running"/> taken by a build the scheduler does not count (see <c>SetUncountedBuilds</c>).</summary>
    public const int Occupied = -2;

    public BuilderSpec Spec { get; }

    public int Index { get; }

    public bool Alive { get; set; } = true;

    public int MachineClass { get; }

    /// <summary>Slot speed per interned system; 0 when the node cannot build that system.</summary>
    public double[] Speeds { get; }

    public bool[] Emulated { get; }

    public ulong Features { get; }

    /// <summary>The derivation index running in each slot, <see cref="Free"/> or <see cref="Occupied"/>.</summary>
    public int[] Running { get; }

    /// <summary>Estimated finish of each slot's running build.</summary>
    public double[] EstimatedFree { get; }

    /// <summary>Per busy slot, the derivations promised to it in the order they start there when it frees.</summary>
    public List<int>?[] Promised { get; }

    /// <summary>When the last derivation promised to each slot is estimated to finish there.</summary>
    public double[] PromisedFinish { get; }

    public int IdleSlots { get; set; }

    /// <summary>Scratch of one <c>Schedule</c> call: the call that computed <see cref="Earliest"/>; stale when it differs.</summary>
    public long EarliestStamp { get; set; }

    /// <summary>Scratch of one <c>Schedule</c> call: the slot that frees first, when, and whether it is idle now.</summary>
    public (int Slot, double Free, bool Idle) Earliest { get; set; }

    /// <summary>Bit i set when the node holds derivation i's outputs (built or fetched there).</summary>
    public ulong[] Held { get; private set; } = [];

    public double SpeedFor(int system) => system < Speeds.Length ? Speeds[system] : 0;

    public bool CanRun(int system, ulong features) => Alive && SpeedFor(system) > 0 && (features & ~Features) == 0;

    public bool Holds(int node) => (node >> 6) < Held.Length && (Held[node >> 6] & (1UL << node)) != 0;

    public void MarkHeld(int node)
    {
        if ((node >> 6) >= Held.Length)
        {
            var grown = Held;
            Array.Resize(ref grown, Math.Max((node >> 6) + 1, Held.Length * 2));
            Held = grown;
        }

        Held[node >> 6] |= 1UL << node;
    }
}
