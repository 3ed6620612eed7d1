using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Hosting;

namespace AsterFarm.Hosting;

/// <summary>
/// Akka.Remote's DotNetty TLS from <see cref="ClusterTlsOptions"/>: mutual authentication (both ends present a
/// certificate), chain validation on, and a validator that accepts only the cluster's certificates, so a process
/// that merely reaches the remoting port cannot complete the handshake, let alone join.
/// </summary>
public static class ClusterTls
{
    /// <summary>The SSL options for remoting; throws <see cref="InvalidOperationException"/> naming the file that cannot be used.</summary>
    public static SslOptions Create(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificateFile = options.CertificateFile ?? throw new InvalidOperationException("AsterFarm:Cluster:Tls:CertificateFile is not set");
        var password = string.IsNullOrWhiteSpace(options.CertificatePasswordFile) ? null : File.ReadAllText(options.CertificatePasswordFile).TrimEnd('\r', '\n');
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception error) when (error is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"the cluster certificate {certificateFile} cannot be loaded (AsterFarm:Cluster:Tls:CertificateFile): {error.Message}", error);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"the cluster certificate {certificateFile} has no private key (AsterFarm:Cluster:Tls:CertificateFile must be a PKCS#12 file with the key)");
        }

        var authority = string.IsNullOrWhiteSpace(options.AuthorityFile) ? null : X509CertificateLoader.LoadCertificateFromFile(options.AuthorityFile);
        return new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = false,
            CustomValidator = (peer, _, _, _, _) => peer is not null && (authority is null ? IsSame(peer, certificate) : IsIssuedBy(peer, authority)),
        };
    }

    /// <summary>
    /// A seed address for a TLS cluster: remoting over TLS speaks <c>akka.ssl.tcp</c>, so an <c>akka.tcp://</c> seed (as
    /// written for a plain cluster) is read as the same node over TLS.
    /// </summary>
    public static string SeedAddress(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        const string plain = "akka.tcp://";
        return seed.StartsWith(plain, StringComparison.Ordinal) ? "akka.ssl.tcp://" + seed[plain.Length..] : seed;
    }

    private static bool IsSame(X509Certificate2 peer, X509Certificate2 own) =>
        peer.RawData.AsSpan().SequenceEqual(own.RawData);

    private static bool IsIssuedBy(X509Certificate2 peer, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
