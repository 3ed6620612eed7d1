using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace AsterFarm.Deployment.Tests.Manifests;

/// <summary>
/// What a container of a rendered pod template gets from Kubernetes, computed as the kubelet would: its environment
/// (envFrom ConfigMaps, then env entries in order, <c>$(VAR)</c> expanded, the downward API's pod name and IP, Secret
/// keys) and the files of its Secret volumes. The containerised farm starts its containers from exactly this.
/// </summary>
internal static partial class PodEnvironment
{
    /// <summary>The environment of <paramref name="container"/> in a pod named <paramref name="podName"/> reachable at <paramref name="podAddress"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(RenderedManifests manifests, V1Container container, string podName, string podAddress)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = manifests.Single<V1ConfigMap>(source.ConfigMapRef?.Name ?? throw new InvalidOperationException($"{container.Name}: only configMapRef envFrom is used"));
            foreach (var (key, value) in configMap.Data)
            {
                env[key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.ValueFrom switch
            {
                null => Expand(variable.Value ?? string.Empty, env),
                { FieldRef.FieldPath: "metadata.name" } => podName,
                { FieldRef.FieldPath: "status.podIP" } => podAddress,
                { SecretKeyRef: { } key } => SecretValue(manifests, key.Name, key.Key),
                _ => throw new InvalidOperationException($"{container.Name}: env {variable.Name} has a source the farm does not emulate"),
            };
        }

        return env;
    }

    /// <summary>The files the Secret volumes of <paramref name="pod"/> put into <paramref name="container"/>: path → content.</summary>
    public static IReadOnlyDictionary<string, byte[]> SecretFiles(RenderedManifests manifests, V1PodSpec pod, V1Container container)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = pod.Volumes?.SingleOrDefault(v => v.Name == mount.Name);
            if (volume?.Secret is not { } secret)
            {
                continue;
            }

            foreach (var (key, value) in manifests.Single<V1Secret>(secret.SecretName).Data)
            {
                files[$"{mount.MountPath}/{key}"] = value;
            }
        }

        return files;
    }

    private static string SecretValue(RenderedManifests manifests, string name, string key) =>
        manifests.Single<V1Secret>(name).Data.TryGetValue(key, out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"Secret {name} has no key '{key}'");

    // Kubernetes expands $(NAME) from variables defined earlier; an unknown reference stays as written.
    private static string Expand(string value, Dictionary<string, string> env) =>
        Reference().Replace(value, m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
