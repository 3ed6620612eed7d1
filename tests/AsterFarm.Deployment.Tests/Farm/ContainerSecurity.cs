using Docker.DotNet.Models;
using k8s.Models;

namespace AsterFarm.Deployment.Tests.Farm;

/// <summary>
/// A pod's security settings as Docker options, so the containers run with exactly the privileges the manifests
/// grant: seccomp and AppArmor profiles, /proc masking, capabilities, no-new-privileges, the user, and the grace period
/// as the stop timeout (what <c>docker stop</c> waits before SIGKILL).
/// </summary>
internal static class ContainerSecurity
{
    public static void Apply(CreateContainerParameters parameters, V1PodSpec pod, V1Container container)
    {
        var context = container.SecurityContext;
        var options = new List<string>();
        if (context?.SeccompProfile?.Type == "Unconfined" || pod.SecurityContext?.SeccompProfile?.Type == "Unconfined")
        {
            options.Add("seccomp=unconfined");
        }

        if (context?.AppArmorProfile?.Type == "Unconfined")
        {
            options.Add("apparmor=unconfined");
        }

        // What `docker run --security-opt systempaths=unconfined` sends: no masked and no read-only /proc paths.
        if (context?.ProcMount == "Unmasked")
        {
            parameters.HostConfig.MaskedPaths = [];
            parameters.HostConfig.ReadonlyPaths = [];
        }

        if (context?.AllowPrivilegeEscalation == false)
        {
            options.Add("no-new-privileges");
        }

        parameters.HostConfig.SecurityOpt = options;
        parameters.HostConfig.CapDrop = context?.Capabilities?.Drop?.ToList() ?? [];
        parameters.HostConfig.CapAdd = context?.Capabilities?.Add?.ToList() ?? [];
        parameters.HostConfig.Privileged = context?.Privileged == true;
        var user = context?.RunAsUser ?? pod.SecurityContext?.RunAsUser;
        var group = context?.RunAsGroup ?? pod.SecurityContext?.RunAsGroup;
        if (user is not null)
        {
            parameters.User = group is null ? $"{user}" : $"{user}:{group}";
        }

        if (pod.TerminationGracePeriodSeconds is { } grace)
        {
            parameters.StopTimeout = TimeSpan.FromSeconds(grace);
        }
    }
}
