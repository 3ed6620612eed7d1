using System.CommandLine;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm cache …</c>: run a binary cache node, alone or replicating across <c>--peers</c>.</summary>
public static class CacheCommands
{
    private const string Section = CacheOptions.SectionName + ":";

    public static Command Create()
    {
        var cache = new Command("cache", "The Nix binary cache");
        cache.Subcommands.Add(CreateServe());
        foreach (var pins in Jobsets.Cli.PinCommands.Create())
        {
            cache.Subcommands.Add(pins);
        }

        return cache;
    }

    private static Command CreateServe()
    {
        var dir = new Option<string>("--dir") { Description = "Cache directory (Nix file-cache layout); created if missing", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to serve HTTP on (default 127.0.0.1:5480)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the write token (default: $ASTERFARM_TOKEN)" };
        var keyFile = new Option<string?>("--key-file") { Description = "Nix secret signing key; generated if absent (default DIR/.asterfarm/signing-key)" };
        var priority = new Option<int?>("--priority") { Description = "Priority advertised in nix-cache-info (default 41)" };
        var readsNeedToken = new Option<bool>("--reads-need-token") { Description = "Require the token for reads too" };
        var peers = new Option<string?>("--peers") { Description = "Base URLs of the other cache nodes, comma-separated: replicate across them" };
        var advertiseUrl = new Option<string?>("--advertise-url") { Description = "This node's base URL as its peers reach it (default: the --listen address)" };
        var serve = new Command("serve", "Serve a directory as a Nix binary cache until SIGTERM or Ctrl-C")
        {
            dir, listen, tokenFile, keyFile, priority, readsNeedToken, peers, advertiseUrl,
        };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?> { [Section + nameof(CacheOptions.Directory)] = parse.GetValue(dir) };
            AddIfGiven(overrides, nameof(CacheOptions.Listen), parse.GetValue(listen));
            AddIfGiven(overrides, nameof(CacheOptions.TokenFile), parse.GetValue(tokenFile));
            AddIfGiven(overrides, nameof(CacheOptions.SigningKeyFile), parse.GetValue(keyFile));
            AddIfGiven(overrides, nameof(CacheOptions.Priority), parse.GetValue(priority)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddIfGiven(overrides, nameof(CacheOptions.Peers), parse.GetValue(peers));
            AddIfGiven(overrides, nameof(CacheOptions.AdvertiseUrl), parse.GetValue(advertiseUrl));
            if (parse.GetValue(readsNeedToken))
            {
                overrides[Section + nameof(CacheOptions.ReadsNeedToken)] = "true";
            }

            try
            {
                await using var app = CacheServer.Build(overrides);
                var store = app.Services.GetRequiredService<FileBinaryCacheStore>();
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"Serving {store.Directory} on {string.Join(' ', app.Urls)}\nPublic key: {store.PublicKey.ToKeyFileText()}").ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"asterfarm cache serve: {error.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return serve;
    }

    private static void AddIfGiven(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[Section + key] = value;
        }
    }
}
