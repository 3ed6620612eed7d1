using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>
/// Cluster membership is closed (issue 11, defect 4): with <c>AsterFarm__Cluster__Tls__CertificateFile</c> set, only a
/// node holding the cluster's certificate completes the mutual-TLS handshake and joins; a node without TLS, or with
/// another certificate, never becomes a member. Real processes on loopback.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<NodeProcess> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Only_a_node_with_the_cluster_certificate_joins_a_cluster_that_requires_TLS()
    {
        using var certificates = new TempDirectory("asterfarm-cluster-tls");
        var ports = FreePorts.Take(8);
        var cluster = Tls(WriteCertificate(certificates, "cluster"));
        var coordinator = Track(NodeProcess.StartCoordinator("tls-coordinator", ports[0], ports[1], cluster));
        var member = Track(NodeProcess.StartBuilderWithFlags("tls-member", ports[2], ports[3], coordinator.Address, cluster));
        var plain = Track(NodeProcess.StartBuilderWithFlags("plain-intruder", ports[4], ports[5], coordinator.Address));
        var stranger = Track(NodeProcess.StartBuilderWithFlags("other-cert-intruder", ports[6], ports[7], coordinator.Address, Tls(WriteCertificate(certificates, "other"))));

        try
        {
            await Eventually.Until(
                async () => string.Join("; ", (await MembersAsync(coordinator)).Select(m => $"{m.Address} {m.Status}").Order(StringComparer.Ordinal)),
                seen => seen.Contains($"{Tls(member)} Up", StringComparison.Ordinal) && seen.Contains($"{Tls(coordinator)} Up", StringComparison.Ordinal),
                StartTimeout,
                "the coordinator and the builder with the cluster certificate Up");
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}\ncoordinator:\n{coordinator.Process.Output}\nmember:\n{member.Process.Output}", error);
        }

        // Both intruders tried and failed before this is checked: the plain one cannot speak to the TLS port, the other
        // certificate is refused in the handshake (Akka then stops that node).
        await plain.Process.WaitForOutputAsync("Couldn't join seed nodes", StartTimeout);
        await stranger.Process.WaitForOutputAsync("TLS handshake failed", StartTimeout);

        var members = (await MembersAsync(coordinator)).Select(m => m.Address).ToList();
        Assert.DoesNotContain(members, address => address.EndsWith($"@127.0.0.1:{ports[4]}", StringComparison.Ordinal));
        Assert.DoesNotContain(members, address => address.EndsWith($"@127.0.0.1:{ports[6]}", StringComparison.Ordinal));
        Assert.Equal(new[] { Tls(coordinator), Tls(member) }.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
    }

    /// <summary>The node's address over TLS (remoting over TLS speaks <c>akka.ssl.tcp</c>).</summary>
    private static string Tls(NodeProcess node) => node.Address.Replace("akka.tcp://", "akka.ssl.tcp://", StringComparison.Ordinal);

    private NodeProcess Track(NodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    private static Dictionary<string, string> Tls(string certificateFile) => new()
    {
        ["AsterFarm__Cluster__Tls__CertificateFile"] = certificateFile,
    };

    /// <summary>A self-signed certificate with its key, as <c>openssl req -x509</c> then <c>openssl pkcs12 -export</c> would make.</summary>
    private static string WriteCertificate(TempDirectory directory, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=asterfarm-{name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = directory.Combine(name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }

    private static async Task<ClusterNodeView[]> MembersAsync(NodeProcess coordinator)
    {
        if (coordinator.Process.HasExited)
        {
            throw new InvalidOperationException($"{coordinator.Process.Name} exited:\n{coordinator.Process.Output}");
        }

        return await Http.GetFromJsonAsync<ClusterNodeView[]>(new Uri(coordinator.Http, "/api/v1/nodes"))
            ?? throw new InvalidOperationException("/api/v1/nodes returned null");
    }
}
