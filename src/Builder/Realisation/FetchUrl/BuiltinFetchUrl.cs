using System.Text;
using AsterFarm.Builder.Sandbox.Logging;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Builder.Realisation.FetchUrl;

/// <summary>
/// <c>builtin:fetchurl</c> as Nix 2.8 runs it (nix-formats.md §9), in-process: reads <c>url</c> (not <c>urls</c>),
/// downloads <c>file://</c> or <c>http(s)://</c> without content decoding, unpacks a NAR (xz-decompressed first when the
/// URL ends in <c>.xz</c>) when <c>unpack</c> is <c>1</c>, else writes the file, made executable when
/// <c>executable</c> is <c>1</c>. The derivation's hash is checked afterwards by the generic fixed-output check.
/// </summary>
public sealed class BuiltinFetchUrl(HttpClient http)
{
    /// <summary>The builder name this implements.</summary>
    public const string BuilderName = "builtin:fetchurl";

    /// <summary>Runs the builtin; writes the output at <paramref name="outHostPath"/>. Returns null on success, else Nix's error.</summary>
    public async Task<string?> RunAsync(Derivation derivation, string outHostPath, IBuildLogSink log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        ArgumentNullException.ThrowIfNull(log);
        if (derivation.Builder != BuilderName)
        {
            return $"unsupported builtin builder '{derivation.Builder["builtin:".Length..]}'";
        }

        if (!derivation.Env.TryGetValue("url", out var url))
        {
            return "attribute 'url' missing";
        }

        var unpack = derivation.Env.GetValueOrDefault("unpack") == "1";
        var executable = derivation.Env.GetValueOrDefault("executable") == "1";
        await log.WriteAsync(Encoding.UTF8.GetBytes($"downloading '{url}'...\n"), cancellationToken).ConfigureAwait(false);
        try
        {
            var source = await OpenAsync(url, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                if (unpack)
                {
                    var nar = url.EndsWith(".xz", StringComparison.Ordinal) ? NarCompression.Xz.OpenDecompression(source) : source;
                    await using (nar.ConfigureAwait(false))
                    {
                        await Task.Run(() => NarUnpacker.Unpack(nar, outHostPath), cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    var file = new FileStream(outHostPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }

                    if (executable)
                    {
                        File.SetUnixFileMode(outHostPath, (UnixFileMode)0b111_101_101);
                    }
                }
            }
        }
        catch (Exception error) when (error is HttpRequestException or IOException or UnauthorizedAccessException or NarFormatException or UriFormatException or InvalidOperationException)
        {
            return $"unable to download '{url}': {error.Message}";
        }

        return null;
    }

    private async Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
    {
        var uri = new Uri(url, UriKind.Absolute);
        if (uri.IsFile)
        {
            return new FileStream(uri.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"unsupported URL scheme '{uri.Scheme}'");
        }

        var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"HTTP error {status}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The client Nix 2.8's builtin uses: no certificate verification (the fixed-output hash protects the content) and
    /// no content decoding.
    /// </summary>
    public static HttpClient CreateHttpClient()
    {
#pragma warning disable CA5400 // Nix 2.8 disables TLS verification in builtin:fetchurl; the output hash is the integrity check.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
#pragma warning restore CA5400
        return new HttpClient(handler, disposeHandler: true);
    }
}
