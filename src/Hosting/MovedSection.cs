using Microsoft.Extensions.Configuration;

namespace AsterFarm.Hosting;

/// <summary>
/// A settings section that was renamed. Values still under <see cref="OldName"/> are read, so deployments keep working,
/// each reported as a <see cref="MovedSetting"/> (the node logs a warning naming the old and the new key); a value under
/// <see cref="NewName"/> wins over the old one.
/// </summary>
public sealed record MovedSection(string OldName, string NewName)
{
    /// <summary>Binds <typeparamref name="T"/> from the old section, then the new one over it; adds each old key set to <paramref name="moved"/>.</summary>
    public T Bind<T>(IConfiguration configuration, ICollection<MovedSetting> moved)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(moved);
        var options = new T();
        var old = configuration.GetSection(OldName);
        old.Bind(options);
        configuration.GetSection(NewName).Bind(options);
        foreach (var (key, value) in old.AsEnumerable(makePathsRelative: true).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is not null)
            {
                moved.Add(new MovedSetting($"{OldName}:{key}", $"{NewName}:{key}"));
            }
        }

        return options;
    }
}
