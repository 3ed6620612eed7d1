using k8s;
using k8s.Models;

namespace AsterFarm.Deployment.Tests.Manifests;

/// <summary>
/// One rendered kustomization loaded strictly into the typed models of the KubernetesClient package: an unknown or
/// misspelled field anywhere fails the load, as the API server would refuse it.
/// </summary>
internal sealed class RenderedManifests
{
    public RenderedManifests(string yaml)
    {
        Objects = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
    }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"no {typeof(T).Name} named '{name}' among: {string.Join(", ", Objects.OfType<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind}/{o.Metadata.Name}"))}");

    /// <summary>A ConfigMap or Secret by the name it has before Kustomize's hash suffix (<c>asterfarm-cluster</c>).</summary>
    public T Generated<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().Single(o => o.Metadata.Name == name || o.Metadata.Name.StartsWith(name + "-", StringComparison.Ordinal) && o.Metadata.Name.Length == name.Length + 11);

    /// <summary>Every pod template with its owner's kind and name (Deployments, StatefulSets, DaemonSets, CronJobs).</summary>
    public IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1Deployment>().Select(d => ($"Deployment/{d.Metadata.Name}", d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => ($"StatefulSet/{s.Metadata.Name}", s.Spec.Template)))
            .Concat(All<V1DaemonSet>().Select(d => ($"DaemonSet/{d.Metadata.Name}", d.Spec.Template)))
            .Concat(All<V1CronJob>().Select(c => ($"CronJob/{c.Metadata.Name}", c.Spec.JobTemplate.Spec.Template)));

    /// <summary>Every container (init containers too) of every pod template.</summary>
    public IEnumerable<(string Owner, V1PodSpec Pod, V1Container Container)> Containers() =>
        PodTemplates().SelectMany(t => (t.Template.Spec.InitContainers ?? []).Concat(t.Template.Spec.Containers).Select(c => (t.Owner, t.Template.Spec, c)));
}
