using AsterFarm.Coordinator.Jobsets.Model;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>A jobset's durable state: its definition, the last scheduled slot started, and its kept evaluations (oldest first).</summary>
[MessagePackObject]
public sealed record JobsetEntry(
    [property: Key(0)] JobsetDefinition Definition,
    [property: Key(1)] DateTime CreatedUtc,
    [property: Key(2)] DateTime? LastSlot,
    [property: Key(3)] int LastNumber,
    [property: Key(4)] EvaluationRecord[] Evaluations)
{
    public EvaluationRecord? Find(int number) => Array.Find(Evaluations, evaluation => evaluation.Number == number);

    [IgnoreMember]
    public EvaluationRecord? Latest => Evaluations.Length == 0 ? null : Evaluations[^1];

    /// <summary>The last <paramref name="count"/> evaluations in which every job succeeded, newest first.</summary>
    public IEnumerable<EvaluationRecord> LastSuccessful(int count) =>
        Evaluations.Reverse().Where(evaluation => evaluation.AllSucceeded).Take(count);
}
