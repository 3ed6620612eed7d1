using System.CommandLine;

namespace AsterFarm.Hosting.CommandLine;

/// <summary>The cluster flags of a node command; each unset flag leaves the configuration or environment value.</summary>
public sealed class NodeFlags
{
    private readonly Option<string?> _hostname = new("--hostname") { Description = "Address remoting binds to (env AsterFarm__Cluster__Hostname; default 0.0.0.0)" };
    private readonly Option<string?> _publicHostname = new("--public-hostname") { Description = "Host name other nodes reach this one by (env AsterFarm__Cluster__PublicHostname; default the machine's)" };
    private readonly Option<int?> _port = new("--port") { Description = "Remoting port (env AsterFarm__Cluster__Port)" };
    private readonly Option<string[]> _seeds = new("--seed") { Description = "Seed node address akka.tcp://asterfarm@host:port, repeatable (env AsterFarm__Cluster__SeedNodes__0, __1, …)" };
    private readonly Option<string?> _httpHost = new("--http-host") { Description = "Address HTTP binds to (env AsterFarm__Http__Host; default 0.0.0.0)" };
    private readonly Option<int?> _httpPort = new("--http-port") { Description = "HTTP port for health probes and the API (env AsterFarm__Http__Port)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_hostname);
        command.Options.Add(_publicHostname);
        command.Options.Add(_port);
        command.Options.Add(_seeds);
        command.Options.Add(_httpHost);
        command.Options.Add(_httpPort);
    }

    public NodeOverrides Read(ParseResult parseResult) => new(
        Hostname: parseResult.GetValue(_hostname),
        PublicHostname: parseResult.GetValue(_publicHostname),
        Port: parseResult.GetValue(_port),
        SeedNodes: parseResult.GetValue(_seeds) is { Length: > 0 } seeds ? seeds : null,
        HttpHost: parseResult.GetValue(_httpHost),
        HttpPort: parseResult.GetValue(_httpPort));
}
