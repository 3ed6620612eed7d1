using AsterFarm.Coordinator.Jobsets.Model;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>A jobset as <c>asterfarm jobset list|show</c> prints it.</summary>
/// <param name="Definition">Its definition.</param>
/// <param name="CreatedUtc">When it was first defined.</param>
/// <param name="NextSlotUtc">When its schedule next fires, if it has one.</param>
/// <param name="Latest">Its latest evaluation, if any.</param>
[MessagePackObject]
public sealed record JobsetSummary(
    [property: Key(0)] JobsetDefinition Definition,
    [property: Key(1)] DateTime CreatedUtc,
    [property: Key(2)] DateTime? NextSlotUtc,
    [property: Key(3)] EvaluationSummary? Latest);
