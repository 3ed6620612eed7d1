using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AsterFarm.Shared.Protocol;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>
/// The per-concern pieces of every node's <c>AddAkka</c>; nodes and tests compose the same methods.
/// </summary>
public static class AkkaConfigurationExtensions
{
    /// <summary>Binds <see cref="AsterFarmMessageSerializer"/> to every <see cref="IAsterFarmMessage"/>.</summary>
    public static AkkaConfigurationBuilder WithAsterFarmSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            AsterFarmMessageSerializer.Name,
            [typeof(IAsterFarmMessage)],
            system => new AsterFarmMessageSerializer(system));

    /// <summary>Routes Akka's own log through Microsoft.Extensions.Logging.</summary>
    public static AkkaConfigurationBuilder WithAsterFarmLogging(this AkkaConfigurationBuilder builder) =>
        builder.ConfigureLoggers(loggers =>
        {
            loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        });

    /// <summary>
    /// Remoting and clustering for a node of <paramref name="role"/>: seeds from <paramref name="options"/>,
    /// split-brain resolver keep-majority with the failover timings of <see cref="ClusterOptions"/>, and leaving gracefully through CoordinatedShutdown both
    /// on SIGTERM (the host stops the actor system) and when the node is downed (the system then
    /// terminates and the host exits).
    /// </summary>
    public static AkkaConfigurationBuilder WithAsterFarmCluster(
        this AkkaConfigurationBuilder builder, ClusterOptions options, string role)
    {
        ArgumentNullException.ThrowIfNull(options);
        static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
        var remoting = new RemoteOptions
        {
            HostName = options.Hostname,
            Port = options.PortFor(role),
            PublicHostName = options.EffectivePublicHostname,
        };
        if (options.Tls.Enabled)
        {
            remoting.EnableSsl = true;
            remoting.Ssl = ClusterTls.Create(options.Tls);
        }

        return builder
            .WithRemoting(remoting)
            .WithClustering(new Akka.Cluster.Hosting.ClusterOptions
            {
                Roles = [role, .. options.Roles],
                SeedNodes = [.. options.SeedNodes.Select(seed => options.Tls.Enabled ? ClusterTls.SeedAddress(seed) : seed)],
                MinimumNumberOfMembers = options.MinMembers,
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .AddHocon(
                $"""
                akka.cluster.split-brain-resolver.stable-after = {Ms(options.StableAfter)}
                akka.cluster.down-removal-margin = {Ms(options.DownRemovalMargin)}
                akka.cluster.failure-detector.acceptable-heartbeat-pause = {Ms(options.FailureDetectorAcceptablePause)}
                akka.cluster.singleton.hand-over-retry-interval = {Ms(options.SingletonHandOverRetryInterval)}
                akka.cluster.run-coordinated-shutdown-when-down = on
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = on
                """,
                HoconAddMode.Prepend);
    }

    /// <summary>Starts the actor that logs membership changes and tracks this node's readiness.</summary>
    public static AkkaConfigurationBuilder WithMembershipListener(
        this AkkaConfigurationBuilder builder, ClusterReadiness readiness, ILoggerFactory loggerFactory) =>
        builder.WithActors((system, _) => system.ActorOf(
            MembershipListener.Props(loggerFactory.CreateLogger("AsterFarm.Cluster.Membership"), readiness),
            "membership"));
}
