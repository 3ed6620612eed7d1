using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>
/// Composes one cluster node: configuration, one <c>AddAkka</c> (cluster, serialization, logging,
/// membership, then every feature's setup) and Kestrel with the health probes and every feature's
/// endpoints. Features (scheduler, cache, builder runtime) plug in through <see cref="ConfigureAkka"/>,
/// <see cref="MapEndpoints"/> and <see cref="Services"/>.
/// </summary>
public sealed class AsterFarmNodeBuilder
{
    private readonly List<Action<AkkaConfigurationBuilder, IServiceProvider>> _akkaSetups = [];
    private readonly List<Action<IEndpointRouteBuilder>> _endpointMappings = [];
    private readonly List<MovedSetting> _movedSettings = [];
    private readonly WebApplicationBuilder _web;

    internal AsterFarmNodeBuilder(string role, WebApplicationBuilder web)
    {
        Role = role;
        _web = web;
    }

    /// <summary>The node's role (<see cref="AsterFarmRoles"/>).</summary>
    public string Role { get; }

    /// <summary>Configuration: files, environment variables, then the command's flags.</summary>
    public IConfigurationManager Configuration => _web.Configuration;

    public IServiceCollection Services => _web.Services;

    public ILoggingBuilder Logging => _web.Logging;

    /// <summary>The cluster settings as bound now.</summary>
    public ClusterOptions ClusterOptions =>
        Configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();

    public HttpOptions HttpOptions =>
        Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();

    /// <summary>
    /// Binds <typeparamref name="T"/> from the section <see cref="MovedSection.NewName"/>, still reading keys under its
    /// old name; the node logs a warning naming old and new key for each when it is built.
    /// </summary>
    public T BindMovedSection<T>(MovedSection section)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.Bind<T>(Configuration, _movedSettings);
    }

    /// <summary>Adds actors, singletons or settings to the node's actor system, after the common setup.</summary>
    public AsterFarmNodeBuilder ConfigureAkka(Action<AkkaConfigurationBuilder, IServiceProvider> setup)
    {
        _akkaSetups.Add(setup);
        return this;
    }

    /// <summary>Adds HTTP endpoints, after the health probes.</summary>
    public AsterFarmNodeBuilder MapEndpoints(Action<IEndpointRouteBuilder> mapping)
    {
        _endpointMappings.Add(mapping);
        return this;
    }

    public WebApplication Build()
    {
        var cluster = ClusterOptions;
        var http = HttpOptions;
        Services.AddSingleton(cluster);
        Services.AddSingleton(http);
        Services.AddSingleton<ClusterReadiness>();
        var exit = new NodeExitCode();
        Services.AddSingleton(exit);
        _web.WebHost.UseUrls($"http://{http.Host}:{http.PortFor(Role)}");
        _web.WebHost.ConfigureKestrel(kestrel => http.ApplyTo(kestrel.Limits));
        Services.AddAkka(cluster.SystemName, (akka, provider) =>
        {
            akka.WithAsterFarmLogging()
                .WithAsterFarmCluster(cluster, Role)
                .WithAsterFarmSerialization()
                .WithMembershipListener(provider.GetRequiredService<ClusterReadiness>(), provider.GetRequiredService<ILoggerFactory>())
                .WithActors((system, _) => exit.Observe(system));
            foreach (var setup in _akkaSetups)
            {
                setup(akka, provider);
            }
        });

        var app = _web.Build();
        if (_movedSettings.Count > 0)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AsterFarm.Configuration");
            foreach (var moved in _movedSettings)
            {
                ConfigurationLog.SettingMoved(logger, moved.OldKey, moved.OldVariable, moved.NewKey, moved.NewVariable);
            }
        }

        app.MapAsterFarmHealth();
        foreach (var mapping in _endpointMappings)
        {
            mapping(app);
        }

        return app;
    }
}
