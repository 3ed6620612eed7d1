using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>Evaluates a jobset's expression into jobs, writing their <c>.drv</c> files to the local Nix store.</summary>
public interface IJobsetEvaluator
{
    Task<JobsetEvaluation> EvaluateAsync(JobsetDefinition jobset, CancellationToken cancellationToken);
}
