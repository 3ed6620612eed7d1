using System.Diagnostics;
using AsterFarm.Integration.Tests.Processes;
using DotNet.Testcontainers.Configurations;

namespace AsterFarm.Deployment.Tests.Images;

/// <summary>
/// The images of <c>scripts/build-images.sh</c> (coordinator, builder, PostgreSQL), built once per test run and shared
/// by every test of the collection; the build is part of the run and its time is reported. Docker, mmdebstrap and a
/// running engine are required: a missing one fails with the install hint, never a skip.
/// </summary>
public sealed class DeploymentImages
{
    public const string InstallHint =
        "the deployment tests need docker.io and mmdebstrap (scripts/install-prerequisites.sh) and a running engine (scripts/start-dockerd.sh)";

    public const string Tag = "dev";

    public DeploymentImages()
    {
        // Ryuk, Testcontainers' reaper, is an image from Docker Hub, which is not reachable here; the tests remove
        // what they start themselves.
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        TestcontainersSettings.ResourceReaperEnabled = false;
        foreach (var tool in new[] { "docker", "mmdebstrap" })
        {
            if (ProcessRunner.Run("sh", ["-c", $"command -v {tool}"]).ExitCode != 0)
            {
                throw new InvalidOperationException($"'{tool}' was not found on PATH; {InstallHint}");
            }
        }

        var engine = ProcessRunner.Run("docker", ["version", "--format", "{{.Server.Version}}"]);
        if (engine.ExitCode != 0)
        {
            throw new InvalidOperationException($"the Docker engine does not answer ({engine.Stderr.Trim()}); {InstallHint}");
        }

        var clock = Stopwatch.StartNew();
        var build = ProcessRunner.Run(Path.Combine(Repository.Root, "scripts", "build-images.sh"), ["--postgres", "--tag", Tag], timeout: TimeSpan.FromMinutes(30));
        BuildTime = clock.Elapsed;
        BuildLog = build.Stderr;
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/build-images.sh failed ({build.ExitCode}):\n{build.Stderr}");
        }
    }

    /// <summary>How long <c>scripts/build-images.sh</c> took in this run.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Its step lines with their times.</summary>
    public string BuildLog { get; }

    /// <summary>
    /// The local image for a manifest's image reference: the last path segment of its name (the overlays point at a
    /// registry the operator pushes to), with the manifest's tag, which must be the tag built here.
    /// </summary>
    public static string LocalImage(string manifestImage)
    {
        var (name, tag) = (manifestImage[..manifestImage.LastIndexOf(':')], manifestImage[(manifestImage.LastIndexOf(':') + 1)..]);
        Assert.True(tag == Tag, $"the manifests use tag '{tag}', the tests build '{Tag}'");
        return $"{name.Split('/')[^1]}:{tag}";
    }
}

[CollectionDefinition(Name)]
public sealed class DeploymentImagesDefinition : ICollectionFixture<DeploymentImages>
{
    public const string Name = "deployment images";
}
