namespace AsterFarm.Hosting;

/// <summary>
/// Mutual TLS on the cluster's remoting port (<c>AsterFarm:Cluster:Tls</c>; environment variables override, e.g.
/// <c>AsterFarm__Cluster__Tls__CertificateFile=/etc/asterfarm/cluster.pfx</c>). With a certificate, every connection
/// in either direction must present a certificate this node trusts, so only holders of a cluster key can join, be sent
/// builds or report results. Without one, remoting is plain TCP and anyone reaching the port can join.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The node's certificate with its private key, a PKCS#12 (<c>.pfx</c>) file. Empty (the default): no TLS.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>A file holding the PKCS#12 password (one line); empty when it has none. Kept in a file, not the environment.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>
    /// A PEM file of the cluster's certificate authority: peers must present a certificate issued by it. Empty (the
    /// default): peers must present this node's own certificate (one certificate shared by the cluster, a shared secret).
    /// </summary>
    public string? AuthorityFile { get; set; }

    /// <summary>Whether TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
