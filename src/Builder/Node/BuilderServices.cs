using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Realisation.FetchUrl;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Builder.Node;

/// <summary>
/// A builder node's realisation services wired from its options: the local store, the cache client, the capabilities
/// (with the emulators found on PATH) and the <see cref="Realiser"/>. Used by <c>asterfarm-builder realise</c>, the
/// cluster node and the tests alike.
/// </summary>
public sealed class BuilderServices : IDisposable
{
    private readonly HttpClient _cacheHttp;
    private readonly HttpClient _fetchHttp;

    private BuilderServices(BuilderNodeOptions node, SandboxOptions sandbox, IReadOnlyList<Uri> cacheUrls, string? token, IReadOnlyList<QemuEmulator>? emulators)
    {
        _cacheHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        _fetchHttp = BuiltinFetchUrl.CreateHttpClient();
        Options = node;
        Cache = new BinaryCacheClient(_cacheHttp, cacheUrls, node.CacheFailover, token);
        Store = new LocalStore(node.StoreDirectory, node.StoreMaxBytes);
        Capabilities = emulators is null ? NodeCapabilities.Discover(node) : new NodeCapabilities(node, emulators);
        Realiser = new Realiser(node, sandbox, Capabilities, Store, Cache, _fetchHttp, secrets: [token]);
    }

    public BuilderNodeOptions Options { get; }

    public BinaryCacheClient Cache { get; }

    public LocalStore Store { get; }

    public NodeCapabilities Capabilities { get; }

    public Realiser Realiser { get; }

    /// <summary>Wires the services for the cache at <paramref name="cacheUrl"/> (write token <paramref name="token"/>).</summary>
    public static BuilderServices Create(BuilderNodeOptions node, SandboxOptions sandbox, Uri cacheUrl, string? token) =>
        Create(node, sandbox, [cacheUrl ?? throw new ArgumentNullException(nameof(cacheUrl))], token);

    /// <summary>
    /// Wires the services for the replicas <paramref name="cacheUrls"/> of one cache, preferred first, with the node's
    /// failover settings (write token <paramref name="token"/>), offering <paramref name="emulators"/> (default: the
    /// emulators found on PATH; a node passes the ones its start-up self-check ran, see <see cref="QemuSelfCheck"/>).
    /// </summary>
    public static BuilderServices Create(
        BuilderNodeOptions node, SandboxOptions sandbox, IReadOnlyList<Uri> cacheUrls, string? token, IReadOnlyList<QemuEmulator>? emulators = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(cacheUrls);
        if (cacheUrls.Count == 0)
        {
            throw new ArgumentException("at least one cache URL is needed", nameof(cacheUrls));
        }

        node.CacheFailover.Validate();
        Directory.CreateDirectory(node.WorkDirectory);
        return new BuilderServices(node, sandbox, cacheUrls, token, emulators);
    }

    public void Dispose()
    {
        _cacheHttp.Dispose();
        _fetchHttp.Dispose();
    }
}
