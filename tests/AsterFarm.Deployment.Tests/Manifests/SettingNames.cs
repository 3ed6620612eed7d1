using System.Collections;
using System.Reflection;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Hosting;
using AsterFarm.Scheduling;

namespace AsterFarm.Deployment.Tests.Manifests;

/// <summary>
/// Which <c>AsterFarm__…</c> environment variables mean a setting: the path after the section must name a property
/// of the section's options class (list indexes for lists). A misspelled variable in a manifest would otherwise be
/// ignored by the configuration binder without a word.
/// </summary>
internal static class SettingNames
{
    // The manifests use current names only: AsterFarm:Farm (still read, with a warning) is not listed, so a manifest
    // that sets it fails here. AsterFarm:Scheduler binds two options classes (the actor's and the core's).
    private static readonly Dictionary<string, Type[]> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ClusterOptions.SectionName] = [typeof(ClusterOptions)],
        [HttpOptions.SectionName] = [typeof(HttpOptions)],
        [CacheOptions.SectionName] = [typeof(CacheOptions)],
        [ReplicationOptions.SectionName] = [typeof(ReplicationOptions)],
        [PersistenceOptions.SectionName] = [typeof(PersistenceOptions)],
        ["AsterFarm:Scheduler"] = [typeof(FarmOptions), typeof(SchedulerOptions)],
        [BuilderNodeOptions.SectionName] = [typeof(BuilderNodeOptions)],
        [BuilderConfiguration.SandboxSectionName] = [typeof(SandboxOptions)],
    };

    /// <summary>Why <paramref name="variable"/> sets no setting, or null when it does (or is not an AsterFarm variable).</summary>
    public static string? Problem(string variable)
    {
        if (!variable.StartsWith("AsterFarm__", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = variable.Split("__");
        for (var length = parts.Length - 1; length >= 2; length--)
        {
            if (Sections.TryGetValue(string.Join(':', parts[..length]), out var types))
            {
                return types.Any(type => Walk(type, parts[length..]))
                    ? null
                    : $"{variable}: {string.Join(" or ", types.Select(type => type.Name))} has no setting {string.Join(':', parts[length..])}";
            }
        }

        return $"{variable}: no settings section {string.Join(':', parts[..2])}";
    }

    private static bool Walk(Type type, string[] path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? typeof(object);
            return int.TryParse(path[0], out _) && Walk(element, path[1..]);
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Walk(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, path[1..]);
    }
}
