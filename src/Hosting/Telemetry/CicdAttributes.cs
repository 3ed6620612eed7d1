namespace AsterFarm.Hosting.Telemetry;

/// <summary>
/// Attribute names and values from OpenTelemetry's CI/CD semantic conventions (a run is a pipeline run, a derivation
/// a task of type build), and ours under <c>asterfarm.</c> where the conventions have none.
/// </summary>
public static class CicdAttributes
{
    public const string PipelineName = "cicd.pipeline.name";
    public const string PipelineRunId = "cicd.pipeline.run.id";
    public const string PipelineResult = "cicd.pipeline.result";
    public const string TaskName = "cicd.pipeline.task.name";
    public const string TaskRunId = "cicd.pipeline.task.run.id";
    public const string TaskRunResult = "cicd.pipeline.task.run.result";
    public const string TaskType = "cicd.pipeline.task.type";
    public const string WorkerName = "cicd.worker.name";

    /// <summary><c>cicd.pipeline.task.type</c> of every derivation.</summary>
    public const string TaskTypeBuild = "build";

    /// <summary>The step of a build a span times (fetch, setup, build, scan, upload, or a phase the build announced).</summary>
    public const string BuildPhase = "asterfarm.build.phase";

    public const string DrvPath = "asterfarm.drv.path";

    public const string System = "asterfarm.system";

    public const string Attempt = "asterfarm.build.attempt";

    /// <summary>Values of <c>cicd.pipeline.task.run.result</c>.</summary>
    public static class TaskResults
    {
        public const string Success = "success";
        public const string Failure = "failure";
        public const string Error = "error";
        public const string Timeout = "timeout";
        public const string Cancellation = "cancellation";
        public const string Skip = "skip";
    }
}
