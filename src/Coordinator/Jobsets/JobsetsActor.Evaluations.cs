using Akka.Actor;
using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Jobsets.Persistence.JobsetEvents;

namespace AsterFarm.Coordinator.Jobsets;

internal sealed partial class JobsetsActor
{
    // Runs whose end was seen, their pages being read: run id → what has been read so far.
    private readonly Dictionary<string, RunReading> _reading = new(StringComparer.Ordinal);

    private void EvaluationCommands()
    {
        Command<NixDone>(OnNixDone);
        Command<PollRuns>(_ =>
        {
            foreach (var (_, record) in Building().Where(building => building.Record.Run is not null && !_reading.ContainsKey(building.Record.Run)))
            {
                _scheduler.Tell(new GetRunStatus(ParseRun(record.Run!)));
            }
        });
        Command<RunAccepted>(_ => { });
        Command<RunRejected>(rejected =>
        {
            if (Owner(rejected.Run.ToString()) is not var (definition, record))
            {
                return;
            }

            var reason = string.Join("; ", new[] { rejected.Reason }.Concat(rejected.Problems));
            LogRejected(_log, definition.Name, record.Number, record.Run!, reason);
            Finish(definition.Name, record, RunOutcomes.From(record, [], [], _storeDir, "its run was rejected: " + reason));
        });
        Command<RunStatus>(OnRunStatus);
        Command<RunPage>(OnRunPage);
        Command<WebhookDone>(done =>
        {
            if (done.Failure is not null)
            {
                LogWebhookFailed(_log, done.Jobset, done.Failure);
            }
        });
    }

    /// <summary>Journals the start of evaluation (for <paramref name="slot"/>, if scheduled) before Nix runs, then runs it.</summary>
    private void Start(string jobset, DateTime? slot, Action<int> started)
    {
        var entry = _state.Find(jobset)!;
        Record(new EvaluationStarted(jobset, entry.LastNumber + 1, slot, Now), recorded =>
        {
            started(recorded.Number);
            if (_state.Find(jobset) is { } current)
            {
                StartNix(current.Definition, recorded.Number);
            }
        });
    }

    private void StartNix(JobsetDefinition definition, int number)
    {
        var evaluator = _evaluator;
        var uploader = _uploader;
        var storeDir = _storeDir;
        var stopping = _stopping.Token;
        Task.Run(
            async () =>
            {
                try
                {
                    var evaluation = await evaluator.EvaluateAsync(definition, stopping).ConfigureAwait(false);
                    var drvs = evaluation.Jobs.Where(job => job.Evaluated).Select(job => storeDir.Parse(job.DrvPath!)).Distinct().ToList();
                    if (!evaluation.Failed && drvs.Count > 0)
                    {
                        await uploader.UploadAsync(drvs, stopping).ConfigureAwait(false);
                    }

                    return new NixDone(definition.Name, number, evaluation);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Nix missing, the cache refusing an upload: the evaluation fails with the reason, nothing is submitted.
                    return new NixDone(definition.Name, number, new JobsetEvaluation(null, null, error.Message, []));
                }
            },
            stopping).PipeTo(Self);
    }

    private void OnNixDone(NixDone done)
    {
        if (_state.Find(done.Jobset)?.Find(done.Number) is not { State: EvaluationState.Evaluating })
        {
            return;
        }

        var evaluation = done.Evaluation;
        Record(
            new EvaluationEvaluated(done.Jobset, done.Number, evaluation.Revision, evaluation.ContentHash, evaluation.Error, [.. evaluation.Jobs], Now),
            _ =>
            {
                var entry = _state.Find(done.Jobset)!;
                var record = entry.Find(done.Number)!;
                if (record.State == EvaluationState.Failed)
                {
                    Report(entry.Definition, record);
                    return;
                }

                if (entry.Definition.CancelPrevious)
                {
                    foreach (var previous in entry.Evaluations.Where(other => other.Number < record.Number && other is { State: EvaluationState.Building, Run: not null }))
                    {
                        _scheduler.Tell(new CancelRun(ParseRun(previous.Run!), $"jobset {entry.Definition.Name}: superseded by evaluation #{record.Number}"));
                    }
                }

                Submit(entry.Definition, record);
            });
    }

    /// <summary>Journals the run id, then submits the evaluated drvs as that run; with nothing to build, the evaluation ends here.</summary>
    private void Submit(JobsetDefinition definition, EvaluationRecord record)
    {
        if (!record.Jobs.Any(job => job.Evaluated))
        {
            Finish(definition.Name, record, []);
            return;
        }

        Record(new EvaluationSubmitted(definition.Name, record.Number, RunId.New().ToString()), submitted =>
        {
            if (_state.Find(definition.Name)?.Find(record.Number) is { } current)
            {
                SendRun(definition, current);
            }
        });
    }

    /// <summary>The run as the run API sends it: the first batch of roots in <see cref="SubmitRun"/>, the rest in <see cref="AddRunRoots"/>.</summary>
    private void SendRun(JobsetDefinition definition, EvaluationRecord record)
    {
        var run = ParseRun(record.Run!);
        var roots = record.Jobs.Where(job => job.Evaluated).Select(job => _storeDir.Parse(job.DrvPath!)).Distinct().ToList();
        var batches = roots.Chunk(ProtocolLimits.MaxPathsPerMessage).ToList();
        _scheduler.Tell(new SubmitRun(run, ValueList.From(batches[0]), definition.Priority, RunOptions.Default, batches.Count, TraceContext.Current));
        for (var i = 1; i < batches.Count; i++)
        {
            _scheduler.Tell(new AddRunRoots(run, i + 1, ValueList.From(batches[i])));
        }
    }

    private void OnRunStatus(RunStatus status)
    {
        var run = status.Run.ToString();
        if (_reading.ContainsKey(run) || Owner(run) is not var (definition, record))
        {
            return;
        }

        switch (status.State)
        {
            case RunState.Succeeded or RunState.Failed or RunState.Cancelled:
                _reading[run] = new RunReading([.. status.Attempts ?? []]);
                _scheduler.Tell(new GetRunPage(status.Run, ValueList.From<BuildState>([]), null, 0, GetRunPage.MaxLimit));
                break;
            case RunState.Unknown:
                // The scheduler lost the run (in-memory persistence restarted): submitting the same id again rebuilds it.
                SendRun(definition, record);
                break;
        }
    }

    private void OnRunPage(RunPage page)
    {
        var run = page.Run.ToString();
        if (!_reading.TryGetValue(run, out var reading))
        {
            return;
        }

        reading.Entries.AddRange(page.Entries);
        var next = page.Offset + page.Entries.Count;
        if (page.Known && page.Entries.Count > 0 && next < page.Matching)
        {
            _scheduler.Tell(new GetRunPage(page.Run, ValueList.From<BuildState>([]), null, next, GetRunPage.MaxLimit));
            return;
        }

        _reading.Remove(run);
        if (Owner(run) is var (definition, record))
        {
            Finish(definition.Name, record, RunOutcomes.From(record, reading.Entries, reading.Attempts, _storeDir));
        }
    }

    private void Finish(string jobset, EvaluationRecord record, JobOutcome[] outcomes) =>
        Record(new EvaluationFinished(jobset, record.Number, outcomes, Now), _ =>
        {
            if (_state.Find(jobset) is { } entry && entry.Find(record.Number) is { } finished)
            {
                Report(entry.Definition, finished);
            }
        });

    /// <summary>Logs the one-line summary and posts the report to the jobset's webhook.</summary>
    private void Report(JobsetDefinition definition, EvaluationRecord record)
    {
        var (diff, _) = JobsetQueries.Diff(_state.Find(definition.Name), definition.Name, 0, record.Number, _options.Diff);
        var summary = record.State == EvaluationState.Failed
            ? $"{definition.Name} #{record.Number}: evaluation failed: {Diff.EvaluationDiffer.FirstLines(record.Error, 1)}"
            : diff?.Summary() ?? $"{definition.Name} #{record.Number}: {record.Jobs.Length} jobs, {record.OutcomeByAttribute().Values.Count(outcome => outcome.IsFailure)} failing (first evaluation)";
        LogSummary(_log, summary);
        if (definition.Webhook is not { } hook)
        {
            return;
        }

        var report = new EvaluationReport(definition.Name, record.Number, record.State.ToString(), summary, record.Error, diff);
        _webhooks.PostAsync(new Uri(hook), report, _stopping.Token)
            .ContinueWith(
                posted => new WebhookDone(definition.Name, posted.IsCompletedSuccessfully ? posted.Result : posted.Exception?.GetBaseException().Message ?? "cancelled"),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .PipeTo(Self);
    }

    private IEnumerable<(JobsetDefinition Definition, EvaluationRecord Record)> Building() =>
        _state.Jobsets.Values.SelectMany(entry => entry.Evaluations.Where(record => record.State == EvaluationState.Building).Select(record => (entry.Definition, record)));

    private (JobsetDefinition Definition, EvaluationRecord Record)? Owner(string run) =>
        Building().Where(building => building.Record.Run == run).Select(building => ((JobsetDefinition, EvaluationRecord)?)building).FirstOrDefault();

    private static RunId ParseRun(string run) => new(Guid.ParseExact(run, "N"));

    /// <summary>Nix finished evaluating (and the closure is uploaded), or failed.</summary>
    private sealed record NixDone(string Jobset, int Number, JobsetEvaluation Evaluation) : INoSerializationVerificationNeeded;

    private sealed record WebhookDone(string Jobset, string? Failure) : INoSerializationVerificationNeeded;

    private sealed record RunReading(List<BuildAttempt> Attempts)
    {
        public List<RunPageEntry> Entries { get; } = [];
    }
}
