using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using AsterFarm.Integration.Tests.Cache.Replication;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Integration.Tests.Cache.Hostile;

/// <summary>
/// Random and mutated requests to every route of a running <c>asterfarm cache serve</c>, for a bounded time and count:
/// the server stays up and healthy, its memory bounded, answers no 5xx but 503, and stores nothing unverified.
/// </summary>
public sealed class CacheHttpFuzzTests
{
    private const int MaxRequests = 4000;
    private const int Seconds = 25;

    [Fact]
    public async Task Random_and_mutated_requests_never_crash_the_cache_grow_it_or_store_anything_unverified()
    {
        await using var server = await CacheServeProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var seed = await FuzzSeed.UploadAsync(new BinaryCacheClient(http, CacheServeProcess.Token));
        var before = server.Memory();
        var failures = new ConcurrentQueue<string>();
        var sent = 0;

        FuzzRequest.Generator(seed).Sample(
            request =>
            {
                var status = request.SendAsync(server.Port).GetAwaiter().GetResult();
                Interlocked.Increment(ref sent);
                if (status is >= 500 and not 503)
                {
                    failures.Enqueue($"{status} for {request}");
                }
            },
            iter: MaxRequests,
            time: Seconds,
            threads: 4);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests got a 5xx:\n{string.Join('\n', failures.Take(20))}\n{server.Output}");
        Assert.False(server.HasExited, server.Output);
        (await http.GetAsync(new Uri("nix-cache-info", UriKind.Relative))).EnsureSuccessStatusCode();
        var after = server.Memory();
        Assert.True(after.Peak - before.Rss < 400L << 20, $"{sent} fuzz requests grew the server from {before.Rss >> 20} MiB to a peak of {after.Peak >> 20} MiB");
        Assert.Empty(CacheDirectoryAudit.Problems(server.Directory));
        var trusted = new TrustedPublicKeys([NixPublicKey.Load(Path.Combine(server.Directory, "public-key"))]);
        foreach (var file in Directory.EnumerateFiles(server.Directory, "*.narinfo"))
        {
            var narInfo = NarInfoParser.Parse(File.ReadAllText(file));
            Assert.True(NarInfoTrust.Decide(narInfo, trusted).IsTrusted, $"{Path.GetFileName(file)} is not signed by the cache");
        }

        Assert.True(sent >= 200, $"only {sent} requests were sent in {Seconds} s");
    }

    /// <summary>What the fuzzer mutates: a stored path's narinfo text and its NAR file, plus hostile NARs.</summary>
    internal sealed record FuzzSeed(string HashPart, string NarInfoText, string NarUrl, byte[] NarFile, byte[] Bomb, byte[] DeepNar)
    {
        public static async Task<FuzzSeed> UploadAsync(BinaryCacheClient client)
        {
            var path = StorePath.FromDigest(Shared.Hashing.NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), "fuzz-seed");
            var nar = Encoding.UTF8.GetBytes("fuzz seed contents\n");
            using var narStream = new MemoryStream(Nars.RegularFile(nar));
            var uploaded = await client.UploadPathAsync(path, narStream, []);
            Assert.True(uploaded.IsStored, uploaded.ToString());
            var narInfo = uploaded.Value;
            return new FuzzSeed(
                path.HashPart,
                NarInfoWriter.Print(narInfo with { Signatures = [] }),
                narInfo.Url,
                Nars.Compress(Nars.RegularFile(nar)),
                Nars.ZeroFileBomb(),
                Nars.Compress(Nars.NestedDirectories(1024, 4096)));
        }
    }

    /// <summary>One request, sent over a raw socket so that headers and lengths can lie.</summary>
    internal sealed record FuzzRequest(string Method, string Target, string[] Headers, byte[] Body, long? DeclaredLength, bool CloseEarly)
    {
        private static readonly Gen<string> Base32 = Gen.Char["0123456789abcdfghijklmnpqrsvwxyz"].Array[32].Select(c => new string(c));

        public static Gen<FuzzRequest> Generator(FuzzSeed seed)
        {
            var method = Gen.OneOf("GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "G\u00c9T");
            var hashPart = Gen.OneOf(Gen.Const(seed.HashPart), Base32, Gen.String[0, 40]);
            var target = Gen.OneOf(
                Gen.Const("/nix-cache-info"),
                hashPart.Select(h => $"/{h}.narinfo"),
                Gen.OneOf(Gen.Const(seed.NarUrl), Base32.Select(h => $"nar/{h}.nar.zst"), Gen.String[0, 80].Select(s => "nar/" + s)).Select(u => "/" + u),
                hashPart.Select(h => $"/{h}.ls"),
                hashPart.Select(h => $"/log/{h}-x.drv"),
                Gen.Const("/api/v1/missing"),
                Gen.Const("/api/v1/runs"),
                Gen.OneOf("/", "/../etc/passwd", "/nar/..%2f..%2fpublic-key", "/.asterfarm/signing-key", "//nar//x", "/%00", "/healthz/live"),
                Gen.String[0, 200].Select(s => "/" + Uri.EscapeDataString(s)));
            var auth = Gen.OneOf(
                Array.Empty<string>(),
                [$"Authorization: Bearer {CacheServeProcess.Token}"],
                ["Authorization: Bearer wrong"],
                [$"Authorization: Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes("u:" + CacheServeProcess.Token))}"],
                ["Authorization: Basic !!!"],
                ["Authorization: " + new string('A', 9000)]);
            var extra = Gen.OneOf(
                Array.Empty<string>(),
                ["Content-Type: application/json"],
                ["Transfer-Encoding: chunked"],
                ["Content-Length: -1"],
                ["Content-Length: 12, 13"],
                ["Expect: 100-continue"],
                ["X-Junk: " + new string('x', 40_000)]);
            var body = Gen.OneOf(
                Gen.Byte.Array[0],
                Gen.Byte.Array[0, 4096],
                Gen.Const(seed.NarFile).SelectMany(Mutate),
                Gen.Const(Encoding.UTF8.GetBytes(seed.NarInfoText)).SelectMany(MutateText),
                Gen.Const(seed.Bomb),
                Gen.Const(seed.DeepNar),
                Base32.Array[0, 50].Select(lines => Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => $"/nix/store/{l}-x\n")))));
            return
                from m in method
                from t in target
                from a in auth
                from e in extra
                from b in body
                from lie in Gen.OneOf(Gen.Const((long?)null), Gen.Long[0, 1L << 40].Select(l => (long?)l))
                from close in Gen.Bool
                select Finish(m, t, [.. a, .. e], b, lie, close, seed);
        }

        // A NAR PUT whose name matches its (possibly mutated) bytes gets past the URL check to the NAR checks.
        private static FuzzRequest Finish(string method, string target, string[] headers, byte[] body, long? declared, bool close, FuzzSeed seed) =>
            method == "PUT" && target.StartsWith("/nar/", StringComparison.Ordinal) && body.Length > 0
                ? new FuzzRequest(method, "/" + new NarFileName(Shared.Hashing.NixHash.Sha256(body), NarCompression.Zstd).Url, headers, body, declared, close)
                : method == "PUT" && target.EndsWith(".narinfo", StringComparison.Ordinal) && body.Length > 0
                    ? new FuzzRequest(method, $"/{seed.HashPart}.narinfo", headers, body, declared, close)
                    : new FuzzRequest(method, target, headers, body, declared, close);

        private static Gen<byte[]> Mutate(byte[] bytes) =>
            Gen.Int[0, bytes.Length - 1].Array[1, 4].SelectMany(positions => Gen.Byte.Array[positions.Length].Select(values =>
            {
                var copy = (byte[])bytes.Clone();
                for (var i = 0; i < positions.Length; i++)
                {
                    copy[positions[i]] = values[i];
                }

                return copy;
            }));

        private static Gen<byte[]> MutateText(byte[] text)
        {
            var lines = Encoding.UTF8.GetString(text).Split('\n');
            return Gen.Int[0, lines.Length - 1].SelectMany(at => Gen.OneOf(
                Gen.Const(lines.Where((_, i) => i != at)),
                Gen.String[0, 60].Select(value => lines.Select((l, i) => i == at ? l[..(l.IndexOf(':', StringComparison.Ordinal) + 1)] + " " + value : l)),
                Gen.Const(lines.Append(lines[at])),
                Gen.OneOf("CA: fixed:r:sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", "CA: text:sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", "CA: nonsense")
                    .Select(ca => lines.Append(ca)))
                .Select(changed => Encoding.UTF8.GetBytes(string.Join('\n', changed))));
        }

        /// <summary>The HTTP status of the answer, or 0 when the server closed the connection without one.</summary>
        public async Task<int> SendAsync(int port)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, timeout.Token);
                var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\nHost: cache\r\nConnection: close\r\n");
                foreach (var header in Headers)
                {
                    head.Append(header).Append("\r\n");
                }

                var chunked = Headers.Contains("Transfer-Encoding: chunked");
                if (!chunked && !Headers.Any(h => h.StartsWith("Content-Length", StringComparison.Ordinal)))
                {
                    head.Append("Content-Length: ").Append(DeclaredLength ?? Body.Length).Append("\r\n");
                }

                head.Append("\r\n");
                await socket.SendAsync(Encoding.UTF8.GetBytes(head.ToString()), timeout.Token);
                if (chunked)
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"{Body.Length:x}\r\n"), timeout.Token);
                }

                await socket.SendAsync(Body, timeout.Token);
                if (chunked && !CloseEarly)
                {
                    await socket.SendAsync("\r\n0\r\n\r\n"u8.ToArray(), timeout.Token);
                }

                if (CloseEarly)
                {
                    socket.Shutdown(SocketShutdown.Send);
                }

                var buffer = new byte[64];
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                var line = Encoding.ASCII.GetString(buffer, 0, read);
                return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && line.Length >= 12 ? int.Parse(line.AsSpan(9, 3), provider: null) : 0;
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException)
            {
                // The server closed or reset the connection (a lying length, a refused body): not an answer, not a 5xx.
                return 0;
            }
        }

        public override string ToString() =>
            $"{Method} {Target} [{string.Join(", ", Headers.Select(h => h.Length > 60 ? h[..60] + "…" : h))}] body {Body.Length} bytes, declared {DeclaredLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "exact"}, close early {CloseEarly}";
    }
}
