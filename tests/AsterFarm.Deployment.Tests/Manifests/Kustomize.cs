using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Deployment.Tests.Manifests;

/// <summary>
/// Renders the repository's Kustomize trees as an operator would: <c>k8s/</c> and <c>overlays/</c> are copied to a
/// temp directory (the repository is never written), the Secret files an overlay's <c>secretGenerator</c> reads are
/// made there with test values, and <c>kubectl kustomize</c> renders a kustomization.
/// </summary>
internal sealed class Kustomize : IDisposable
{
    public const string InstallHint = "kubectl (with Kustomize v5) is required by the deployment tests: install kubectl from the Kubernetes apt repository";

    /// <summary>The Secret files each overlay's secretGenerator reads, relative to the overlay (values are test values).</summary>
    public static readonly IReadOnlyDictionary<string, string> OperatorSecretFiles = new Dictionary<string, string>
    {
        ["secrets/token"] = "deployment-test-token",
        ["secrets/connection-string"] = "Host=postgres;Username=asterfarm;Database=asterfarm",
    };

    private readonly TempDirectory _root = new("asterfarm-kustomize");

    public Kustomize(string signingKey)
    {
        Copy(Path.Combine(Repository.Root, "k8s"), _root.Combine("k8s"));
        Copy(Path.Combine(Repository.Root, "overlays"), _root.Combine("overlays"));
        foreach (var overlay in Directory.EnumerateDirectories(_root.Combine("overlays")))
        {
            if (!File.ReadAllText(Path.Combine(overlay, "kustomization.yaml")).Contains("secrets/", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(overlay, "secrets"));
            foreach (var (file, value) in OperatorSecretFiles)
            {
                File.WriteAllText(Path.Combine(overlay, file), value);
            }

            File.WriteAllText(Path.Combine(overlay, "secrets/signing-key"), signingKey);
        }
    }

    /// <summary>The overlays of the repository (directory names under <c>overlays/</c>).</summary>
    public static IReadOnlyList<string> Overlays =>
        [.. Directory.EnumerateDirectories(Path.Combine(Repository.Root, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The Components under <c>k8s/components</c>.</summary>
    public static IReadOnlyList<string> Components =>
        [.. Directory.EnumerateDirectories(Path.Combine(Repository.Root, "k8s", "components")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The YAML <c>kubectl kustomize</c> prints for <paramref name="relativeDirectory"/> (e.g. <c>overlays/multi-arch</c>).</summary>
    public string Render(string relativeDirectory)
    {
        var result = ProcessRunner.Run(Kubectl, ["kustomize", _root.Combine(relativeDirectory)]);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {relativeDirectory}: {result}");
        return result.StdoutText;
    }

    /// <summary>Renders the base with <paramref name="components"/> through a kustomization written for the purpose.</summary>
    public string RenderBaseWith(IEnumerable<string> components)
    {
        var directory = _root.Combine("with-components");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../k8s/base]\ncomponents: [" +
            string.Join(", ", components.Select(c => "../k8s/components/" + c)) + "]\n");
        return Render("with-components");
    }

    public void Dispose() => _root.Dispose();

    private static string Kubectl
    {
        get
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(Path.Combine(dir, "kubectl")))
                {
                    return Path.Combine(dir, "kubectl");
                }
            }

            throw new InvalidOperationException(InstallHint);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            // An operator's own secrets in a working copy are not the test's business (and not to be copied).
            if (file.Contains("/secrets/", StringComparison.Ordinal))
            {
                continue;
            }

            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
