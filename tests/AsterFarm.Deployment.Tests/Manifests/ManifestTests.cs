using System.Text.RegularExpressions;
using AsterFarm.Hosting;
using AsterFarm.Integration.Tests.Processes;
using k8s.Models;

namespace AsterFarm.Deployment.Tests.Manifests;

/// <summary>
/// Issue 13, test 1: every overlay (and the base with every Component) renders with <c>kubectl kustomize</c> and loads
/// strictly into the typed models; typed checks that the manifests agree with each other and with the code.
/// </summary>
public sealed class ManifestTests : IDisposable
{
    private const string SigningKey = "asterfarm-1:not-a-real-key";
    private readonly Kustomize _kustomize = new(SigningKey);

    public static TheoryData<string> Overlays => [.. Kustomize.Overlays];

    public void Dispose() => _kustomize.Dispose();

    [Fact]
    public void The_three_overlays_and_the_components_exist()
    {
        Assert.Equal(["multi-arch", "nightly", "single-node"], Kustomize.Overlays);
        Assert.Equal(["binfmt", "postgres"], Kustomize.Components);
        var withComponents = new RenderedManifests(_kustomize.RenderBaseWith(Kustomize.Components));
        Assert.Single(withComponents.All<V1DaemonSet>(), d => d.Metadata.Name == "binfmt");
        Assert.Single(withComponents.All<V1StatefulSet>(), s => s.Metadata.Name == "postgres");
    }

    [Fact]
    public void Strict_loading_refuses_a_misspelled_field()
    {
        var yaml = _kustomize.Render("k8s/base").Replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => new RenderedManifests(yaml));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_selector_matches_the_labels_of_the_pods_it_selects(string overlay)
    {
        var manifests = Render(overlay);
        var templates = manifests.PodTemplates().ToList();
        foreach (var (owner, selector, labels) in manifests.All<V1Deployment>().Select(d => ($"Deployment/{d.Metadata.Name}", d.Spec.Selector, d.Spec.Template.Metadata.Labels))
                     .Concat(manifests.All<V1StatefulSet>().Select(s => ($"StatefulSet/{s.Metadata.Name}", s.Spec.Selector, s.Spec.Template.Metadata.Labels)))
                     .Concat(manifests.All<V1DaemonSet>().Select(d => ($"DaemonSet/{d.Metadata.Name}", d.Spec.Selector, d.Spec.Template.Metadata.Labels))))
        {
            Assert.True(Selects(selector.MatchLabels, labels), $"{owner}: selector {Show(selector.MatchLabels)} does not match its pods' labels {Show(labels)}");
        }

        foreach (var service in manifests.All<V1Service>())
        {
            Assert.True(templates.Any(t => Selects(service.Spec.Selector, t.Template.Metadata.Labels)), $"Service/{service.Metadata.Name} selects no pod: {Show(service.Spec.Selector)}");
        }

        foreach (var budget in manifests.All<V1PodDisruptionBudget>())
        {
            Assert.True(templates.Any(t => Selects(budget.Spec.Selector.MatchLabels, t.Template.Metadata.Labels)), $"PodDisruptionBudget/{budget.Metadata.Name} selects no pod");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_asterfarm_environment_variable_names_a_setting_of_the_nodes(string overlay)
    {
        var manifests = Render(overlay);
        var names = manifests.All<V1ConfigMap>().SelectMany(c => c.Data?.Keys ?? [])
            .Concat(manifests.Containers().SelectMany(c => c.Container.Env ?? []).Select(e => e.Name));

        Assert.Empty(names.Select(SettingNames.Problem).OfType<string>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_probe_asks_a_health_path_the_nodes_serve_on_their_http_port(string overlay)
    {
        var manifests = Render(overlay);
        foreach (var (owner, _, container) in manifests.Containers())
        {
            foreach (var probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe }.OfType<V1Probe>().Where(p => p.HttpGet is not null))
            {
                Assert.Contains(probe.HttpGet.Path, new[] { HealthPaths.Live, HealthPaths.Ready });
                var port = container.Ports.Single(p => p.Name == probe.HttpGet.Port.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == probe.HttpGet.Port.Value);
                Assert.True(port.ContainerPort == HttpPort(manifests, container), $"{owner}/{container.Name}: the probe's port {port.ContainerPort} is not the node's HTTP port");
            }
        }
    }

    [Theory]
    [InlineData("multi-arch")]
    [InlineData("nightly")]
    public void The_seed_nodes_are_the_coordinator_stateful_set_s_pod_dns_names(string overlay)
    {
        var manifests = Render(overlay);
        var coordinators = manifests.Single<V1StatefulSet>("coordinator");
        var headless = manifests.Single<V1Service>(coordinators.Spec.ServiceName);
        var cluster = manifests.Generated<V1ConfigMap>("asterfarm-cluster").Data;
        var remoting = coordinators.Spec.Template.Spec.Containers[0].Ports.Single(p => p.Name == "remoting").ContainerPort;
        var pods = Enumerable.Range(0, coordinators.Spec.Replicas!.Value).Select(i => $"{coordinators.Metadata.Name}-{i}.{headless.Metadata.Name}").ToList();

        var seeds = cluster.Where(kv => kv.Key.StartsWith("AsterFarm__Cluster__SeedNodes__", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value);
        Assert.Equal(pods.Select(pod => $"akka.tcp://{cluster["AsterFarm__Cluster__SystemName"]}@{pod}:{remoting}"), seeds);
        Assert.Equal(3, coordinators.Spec.Replicas);
        Assert.Equal("Parallel", coordinators.Spec.PodManagementPolicy);
        Assert.Equal(("None", true), (headless.Spec.ClusterIP, headless.Spec.PublishNotReadyAddresses == true));
        Assert.Equal("1", manifests.Single<V1PodDisruptionBudget>("coordinator").Spec.MaxUnavailable.Value);
        var coordinatorEnv = PodEnvironment.For(manifests, coordinators.Spec.Template.Spec.Containers[0], "coordinator-1", "10.0.0.1");
        Assert.Equal("coordinator-1.coordinator", coordinatorEnv["AsterFarm__Cluster__PublicHostname"]);
        Assert.Equal($"http://coordinator-1.coordinator:{HttpPort(manifests, coordinators.Spec.Template.Spec.Containers[0])}", coordinatorEnv["AsterFarm__Cache__AdvertiseUrl"]);
        var http = HttpPort(manifests, coordinators.Spec.Template.Spec.Containers[0]);
        foreach (var builder in manifests.All<V1Deployment>().Where(d => d.Metadata.Name.StartsWith("builder-", StringComparison.Ordinal)))
        {
            var env = PodEnvironment.For(manifests, builder.Spec.Template.Spec.Containers[0], "builder-x", "10.0.0.9");
            Assert.Equal(string.Join(',', pods.Select(pod => $"http://{pod}:{http}")), env["AsterFarm__Builder__CacheUrl"]);
            Assert.Equal("10.0.0.9", env["AsterFarm__Cluster__PublicHostname"]);
        }
    }

    [Theory]
    [InlineData("multi-arch")]
    [InlineData("nightly")]
    public void Grace_periods_outlast_the_node_s_own_shutdown_limit(string overlay)
    {
        var manifests = Render(overlay);
        var limit = AsterFarmNode.ShutdownGracePeriod.TotalSeconds;
        foreach (var (owner, template) in manifests.PodTemplates().Where(t => t.Owner.StartsWith("StatefulSet/coordinator", StringComparison.Ordinal) || t.Owner.StartsWith("Deployment/builder-", StringComparison.Ordinal)))
        {
            Assert.True(template.Spec.TerminationGracePeriodSeconds > limit, $"{owner}: terminationGracePeriodSeconds {template.Spec.TerminationGracePeriodSeconds} must exceed the node's {limit} s shutdown limit");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Images_are_the_ones_build_images_makes_with_one_tag_per_overlay(string overlay)
    {
        var manifests = Render(overlay);
        var images = manifests.Containers().Select(c => c.Container.Image).Distinct().ToList();
        var built = new[] { "asterfarm", "asterfarm-builder", "asterfarm-postgres" };

        Assert.All(images, image => Assert.Matches(@"^[^:]+:[A-Za-z0-9_.-]+$", image));
        Assert.All(images, image => Assert.Contains(image.Split(':')[0].Split('/')[^1], built));
        Assert.Single(images.Select(image => image.Split(':')[1]).Distinct());
        var script = File.ReadAllText(Path.Combine(Repository.Root, "scripts", "build-images.sh"));
        Assert.Equal("tag=" + images[0].Split(':')[1], Regex.Match(script, @"^tag=\S+", RegexOptions.Multiline).Value);
    }

    [Fact]
    public void No_secret_value_is_committed_and_every_secret_comes_from_the_operator_s_files()
    {
        var tracked = ProcessRunner.Run("git", ["-C", Repository.Root, "ls-files", "k8s", "overlays"]);
        Assert.Equal(0, tracked.ExitCode);
        Assert.DoesNotContain(tracked.StdoutText.Split('\n'), path => path.Contains("/secrets/", StringComparison.Ordinal));
        Assert.Empty(Render("k8s/base").All<V1Secret>());
        var manifests = Render("overlays/multi-arch");
        Assert.Equal(Kustomize.OperatorSecretFiles["secrets/token"], System.Text.Encoding.UTF8.GetString(manifests.Generated<V1Secret>("asterfarm-secrets").Data["token"]));
        Assert.Equal(SigningKey, System.Text.Encoding.UTF8.GetString(manifests.Generated<V1Secret>("asterfarm-secrets").Data["signing-key"]));
        Assert.Equal(Kustomize.OperatorSecretFiles["secrets/connection-string"], System.Text.Encoding.UTF8.GetString(manifests.Generated<V1Secret>("asterfarm-postgres").Data["connection-string"]));
        Assert.All(manifests.Containers().SelectMany(c => c.Container.Env ?? []), variable => Assert.True(
            variable.Value is null || !variable.Name.Contains("Token", StringComparison.OrdinalIgnoreCase) && !variable.Name.Contains("Password", StringComparison.OrdinalIgnoreCase),
            $"{variable.Name} carries a secret value in the manifest"));
    }

    [Fact]
    public void The_single_node_overlay_runs_asterfarm_up_in_one_pod_of_the_builder_image()
    {
        var manifests = Render("overlays/single-node");
        var deployment = Assert.Single(manifests.All<V1Deployment>());
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("up", container.Args[0]);
        Assert.StartsWith("asterfarm-builder:", container.Image, StringComparison.Ordinal);
        Assert.Empty(manifests.All<V1StatefulSet>());
    }

    [Fact]
    public void The_nightly_overlay_is_multi_arch_plus_a_cron_job()
    {
        var multiArch = Render("overlays/multi-arch");
        var nightly = Render("overlays/nightly");

        var cron = Assert.Single(nightly.All<V1CronJob>());
        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy);
        var container = Assert.Single(cron.Spec.JobTemplate.Spec.Template.Spec.Containers);
        Assert.Equal(["jobset", "eval", "asternixos"], container.Args.Take(3));
        var tokenFile = container.Args[container.Args.IndexOf("--token-file") + 1];
        Assert.Contains(container.VolumeMounts, mount => tokenFile.StartsWith(mount.MountPath + "/", StringComparison.Ordinal));
        Assert.Equal(multiArch.Objects.Count + 1, nightly.Objects.Count);
    }

    private RenderedManifests Render(string directory) =>
        new(_kustomize.Render(directory.Contains('/', StringComparison.Ordinal) ? directory : "overlays/" + directory));

    private static int HttpPort(RenderedManifests manifests, V1Container container)
    {
        var env = PodEnvironment.For(manifests, container, "pod", "10.0.0.1");
        if (env.TryGetValue("AsterFarm__Http__Port", out var port))
        {
            return int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
        }

        var flag = (container.Args ?? []).ToList().IndexOf("--http-port");
        return flag >= 0 ? int.Parse(container.Args![flag + 1], System.Globalization.CultureInfo.InvariantCulture) : DefaultPorts.CoordinatorHttp;
    }

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Show(IDictionary<string, string>? labels) =>
        labels is null ? "{}" : "{" + string.Join(", ", labels.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
