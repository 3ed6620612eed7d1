using Akka.Actor;
using AsterFarm.Coordinator.Jobsets.Persistence;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;
using static AsterFarm.Coordinator.Jobsets.Persistence.JobsetEvents;

namespace AsterFarm.Coordinator.Jobsets;

internal sealed partial class JobsetsActor
{
    private void Commands()
    {
        Command<SaveJobset>(save =>
        {
            var problems = save.Definition.Problems();
            if (problems.Count > 0)
            {
                Sender.Tell(new JobsetSaveResult(false, [.. problems]));
                return;
            }

            var sender = Sender;
            Record(new JobsetSaved(save.Definition, Now), _ => sender.Tell(new JobsetSaveResult(true, [])));
        });
        Command<RemoveJobset>(remove =>
        {
            if (_state.Find(remove.Name) is null)
            {
                Sender.Tell(new JobsetRemoveResult(false));
                return;
            }

            var sender = Sender;
            Record(new JobsetRemoved(remove.Name), _ => sender.Tell(new JobsetRemoveResult(true)));
        });
        Command<ListJobsets>(_ => Sender.Tell(new JobsetList([.. _state.Jobsets.Values.Select(Summary)])));
        Command<GetJobset>(get => Sender.Tell(_state.Find(get.Name) is { } entry
            ? new JobsetDetails(Summary(entry), [.. entry.Evaluations.Reverse().Select(EvaluationSummary.Of)])
            : new JobsetDetails(null, [])));
        Command<GetEvaluation>(get => Sender.Tell(new EvaluationFound(_state.Find(get.Jobset) is { } entry
            ? (get.Number == 0 ? entry.Latest : entry.Find(get.Number))
            : null)));
        Command<GetDiff>(get =>
        {
            var (diff, problem) = JobsetQueries.Diff(_state.Find(get.Jobset), get.Jobset, get.From, get.To, _options.Diff);
            Sender.Tell(new DiffFound(diff, problem));
        });
        Command<GetChannel>(get =>
        {
            if (_state.Find(get.Jobset) is not { } entry)
            {
                Sender.Tell(new ChannelFound(false, null, []));
                return;
            }

            var (evaluation, paths) = JobsetQueries.Channel(entry);
            Sender.Tell(new ChannelFound(true, evaluation?.Number, paths));
        });
        Command<GetCacheRoots>(_ => Sender.Tell(new CacheRootsFound([.. JobsetQueries.CacheRoots(_state.Jobsets.Values).Union(_state.Pins).Order(StringComparer.Ordinal)])));
        Command<ListPins>(_ => Sender.Tell(new PinsFound([.. _state.Pins])));
        Command<ChangePins>(change =>
        {
            var sender = Sender;
            IJobsetEvent recorded = change.Pin ? new PathsPinned(change.Paths) : new PathsUnpinned(change.Paths);
            Record(recorded, _ => sender.Tell(new PinsFound([.. _state.Pins])));
        });
        Command<EvaluateJobset>(evaluate =>
        {
            if (_state.Find(evaluate.Name) is null)
            {
                Sender.Tell(new EvaluationAccepted(false, 0));
                return;
            }

            var sender = Sender;
            Start(evaluate.Name, null, number => sender.Tell(new EvaluationAccepted(true, number)));
        });
        Command<Tick>(_ =>
        {
            var now = Now;
            foreach (var entry in _state.Jobsets.Values.ToList())
            {
                if (JobsetQueries.DueSlot(entry, now) is { } slot)
                {
                    Start(entry.Definition.Name, slot, _ => { });
                }
            }
        });
    }

    private JobsetSummary Summary(JobsetEntry entry) =>
        new(entry.Definition, entry.CreatedUtc, JobsetQueries.NextSlot(entry, Now), entry.Latest is { } latest ? EvaluationSummary.Of(latest) : null);
}
