using System.Net;
using AsterFarm.Builder.Store;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Store;

public sealed class LocalStoreTests : IDisposable
{
    private readonly TempDirectory _root = new("asterfarm-local-store");
    private readonly NarServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Concurrent_needs_for_one_path_share_one_download()
    {
        var store = new LocalStore(_root.Combine("store"), maxBytes: 1 << 30);
        var narInfo = _server.Add("shared", 1000);
        using var http = _server.Client();
        var cache = new BinaryCacheClient(http);

        var needs = Enumerable.Range(0, 8).Select(_ => store.EnsureAsync(narInfo, cache, CancellationToken.None)).ToArray();
        _server.Release();
        var entries = await Task.WhenAll(needs);

        Assert.Equal(1, _server.NarRequests);
        Assert.All(entries, e => Assert.Equal("x", File.ReadAllText(Path.Combine(e.HostPath, "file"))[..1]));
        var again = await store.EnsureAsync(narInfo, cache, CancellationToken.None);
        Assert.Equal(1, _server.NarRequests);
        Assert.Equal(entries[0].HostPath, again.HostPath);
    }

    [Fact]
    public async Task The_least_recently_used_path_not_held_by_a_build_is_evicted_over_the_cap()
    {
        var first = _server.Add("first", 4000);
        var second = _server.Add("second", 4000);
        var third = _server.Add("third", 4000);
        var store = new LocalStore(_root.Combine("store"), maxBytes: (long)(first.NarSize + second.NarSize));
        using var http = _server.Client();
        var cache = new BinaryCacheClient(http);
        _server.Release();
        await store.EnsureAsync(first, cache, CancellationToken.None);
        await store.EnsureAsync(second, cache, CancellationToken.None);
        using (store.Hold([first.StorePath]))
        {
            await store.EnsureAsync(third, cache, CancellationToken.None);

            Assert.True(store.TryGet(first.StorePath, out _), "a held path was evicted");
            Assert.False(store.TryGet(second.StorePath, out _), "the least recently used unheld path was kept");
            Assert.False(Path.Exists(store.HostPath(second.StorePath)));
            Assert.True(store.TryGet(third.StorePath, out _));
        }

        var reopened = new LocalStore(_root.Combine("store"), maxBytes: 1 << 30);
        Assert.True(reopened.TryGet(third.StorePath, out _), "the store forgot its paths on reopening");
    }

    /// <summary>Serves NARs over a fake HTTP handler, held back until <see cref="Release"/>, counting requests.</summary>
    private sealed class NarServer : HttpMessageHandler
    {
        private readonly Dictionary<string, byte[]> _nars = [];
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _narRequests;

        public int NarRequests => _narRequests;

        public NarInfo Add(string name, int size)
        {
            using var dir = new TempDirectory("asterfarm-nar-src");
            var tree = dir.Combine("tree");
            Directory.CreateDirectory(tree);
            File.WriteAllText(Path.Combine(tree, "file"), new string('x', size));
            using var nar = new MemoryStream();
            var measured = NarWriter.Write(tree, nar);
            var url = $"nar/{name}.nar";
            _nars[url] = nar.ToArray();
            return new NarInfo
            {
                StorePath = StorePath.Parse($"{new string((char)('a' + _nars.Count), 32)}-{name}"),
                Url = url,
                Compression = "none",
                NarHash = measured.NarHash,
                NarSize = (ulong)measured.NarSize,
            };
        }

        public void Release() => _released.TrySetResult();

        public HttpClient Client() => new(this, disposeHandler: false) { BaseAddress = new Uri("http://cache.test/") };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath.TrimStart('/');
            if (!_nars.TryGetValue(path, out var bytes))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            Interlocked.Increment(ref _narRequests);
            await _released.Task.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        }
    }
}
