using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// A client of Nix's serve protocol (<c>nix-store --serve --write</c>, the legacy <c>ssh://</c> store) over a pair of
/// streams: the peer's output and input. One command at a time; after any exception the connection is unusable
/// (<see cref="IsBroken"/>) and must be closed. Message shapes: SERVE-PROTOCOL.md beside this file.
/// </summary>
public sealed class ServeConnection : IDisposable
{
    private readonly ServeReader _reader;
    private readonly ServeWriter _writer;
    private readonly StoreDir _storeDir;

    private ServeConnection(ServeReader reader, ServeWriter writer, StoreDir storeDir, ulong remoteVersion)
    {
        _reader = reader;
        _writer = writer;
        _storeDir = storeDir;
        RemoteVersion = remoteVersion;
    }

    /// <summary>The machine named in errors.</summary>
    public string Machine => _reader.Machine;

    /// <summary>The version the peer announced.</summary>
    public ulong RemoteVersion { get; }

    /// <summary>The minor version both sides use (the peer's, capped at ours).</summary>
    public int Minor => Math.Min(ServeProtocolVersion.Minor(RemoteVersion), ServeProtocolVersion.Minor(ServeProtocolVersion.Current));

    /// <summary>A command failed part-way; nothing more may be sent.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>Greets the peer and checks its version: major 2, minor at least <see cref="ServeProtocolVersion.OldestMinor"/>.</summary>
    public static async Task<ServeConnection> OpenAsync(Stream fromPeer, Stream toPeer, string machine, StoreDir storeDir, CancellationToken cancellationToken)
    {
        var reader = new ServeReader(fromPeer, machine);
#pragma warning disable CA2000 // the connection owns the writer; on failure the caller closes both streams
        var writer = new ServeWriter(toPeer);
#pragma warning restore CA2000
        await writer.WriteAsync(ServeProtocolVersion.ClientMagic, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(ServeProtocolVersion.Current, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var magic = await reader.ReadUInt64Async("the greeting", cancellationToken).ConfigureAwait(false);
        if (magic != ServeProtocolVersion.ServerMagic)
        {
            throw new ServeProtocolException($"'nix-store --serve' protocol mismatch from '{machine}': the greeting is 0x{magic:x}, not 0x{ServeProtocolVersion.ServerMagic:x}");
        }

        var version = await reader.ReadUInt64Async("the protocol version", cancellationToken).ConfigureAwait(false);
        if (ServeProtocolVersion.Major(version) != 2 || ServeProtocolVersion.Minor(version) < ServeProtocolVersion.OldestMinor || version > 0xffff)
        {
            throw new ServeProtocolException(
                $"unsupported 'nix-store --serve' protocol version {ServeProtocolVersion.Major(version)}.{ServeProtocolVersion.Minor(version)} on '{machine}' " +
                $"(this client speaks 2.{ServeProtocolVersion.OldestMinor} to 2.{ServeProtocolVersion.Minor(ServeProtocolVersion.Current)})");
        }

        return new ServeConnection(reader, writer, storeDir ?? throw new ArgumentNullException(nameof(storeDir)), version);
    }

    /// <summary>Which of <paramref name="paths"/> the remote store has.</summary>
    public Task<HashSet<StorePath>> QueryValidPathsAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _writer.WriteAsync((ulong)ServeCommand.QueryValidPaths, cancellationToken).ConfigureAwait(false);
            await _writer.WriteAsync(false, cancellationToken).ConfigureAwait(false); // lock
            await _writer.WriteAsync(false, cancellationToken).ConfigureAwait(false); // substitute
            await WritePathsAsync(paths, cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return (await ReadPathsAsync("the valid paths", cancellationToken).ConfigureAwait(false)).ToHashSet();
        });

    /// <summary>What the remote store knows of those of <paramref name="paths"/> that are valid there.</summary>
    public Task<List<RemotePathInfo>> QueryPathInfosAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _writer.WriteAsync((ulong)ServeCommand.QueryPathInfos, cancellationToken).ConfigureAwait(false);
            await WritePathsAsync(paths, cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var infos = new List<RemotePathInfo>();
            while (true)
            {
                var path = await _reader.ReadStringAsync("a path info's path", cancellationToken).ConfigureAwait(false);
                if (path.Length == 0)
                {
                    return infos;
                }

                infos.Add(await ReadPathInfoAsync(ParsePath(path, "a path info's path"), cancellationToken).ConfigureAwait(false));
            }
        });

    /// <summary>The rest of a path info after its path (Nix's "unkeyed" path info at minor ≥ 4).</summary>
    internal async Task<RemotePathInfo> ReadPathInfoAsync(StorePath path, CancellationToken cancellationToken)
    {
        var deriver = await _reader.ReadStringAsync("a path info's deriver", cancellationToken).ConfigureAwait(false);
        var references = await ReadPathsAsync("a path info's references", cancellationToken).ConfigureAwait(false);
        await _reader.ReadUInt64Async("a path info's download size", cancellationToken).ConfigureAwait(false);
        var narSize = await _reader.ReadInt64Async("a path info's NAR size", cancellationToken).ConfigureAwait(false);
        var narHashText = await _reader.ReadStringAsync("a path info's NAR hash", cancellationToken).ConfigureAwait(false);
        if (!NixHash.TryParse(narHashText, HashAlgo.Sha256, out var narHash, out var error))
        {
            throw _reader.Malformed($"the NAR hash '{narHashText}' of '{_storeDir.Print(path)}' does not parse: {error}");
        }

        var ca = await _reader.ReadStringAsync("a path info's content address", cancellationToken).ConfigureAwait(false);
        var signatures = await _reader.ReadStringsAsync("a path info's signatures", cancellationToken).ConfigureAwait(false);
        return new RemotePathInfo(
            path, deriver.Length == 0 ? null : ParsePath(deriver, "a path info's deriver"), references, narSize, narHash, ca, signatures);
    }

    /// <summary>
    /// Adds one path to the remote store: <see cref="ServeCommand.AddToStoreNar"/> (minor ≥ 5) or an export of one path
    /// through <see cref="ServeCommand.ImportPaths"/>. <paramref name="writeNar"/> writes the path's NAR to the stream
    /// it is given; the remote checks it against <paramref name="info"/>'s hash and size and registers the path only
    /// when all of it arrived.
    /// </summary>
    public Task AddToStoreAsync(NarInfo info, Func<Stream, CancellationToken, Task> writeNar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(writeNar);
        return Guard(async () =>
        {
            var deriver = info.Deriver is { } d ? _storeDir.Print(d) : string.Empty;
            if (Minor >= 5)
            {
                await _writer.WriteAsync((ulong)ServeCommand.AddToStoreNar, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(_storeDir.Print(info.StorePath), cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(deriver, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(info.NarHash.ToBase16(), cancellationToken).ConfigureAwait(false);
                await WritePathsAsync(info.References, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(0UL, cancellationToken).ConfigureAwait(false); // registration time: unknown
                await _writer.WriteAsync(info.NarSize, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(false, cancellationToken).ConfigureAwait(false); // ultimate: built elsewhere
                await _writer.WriteAsync(info.Signatures, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(info.ContentAddress?.ToString() ?? string.Empty, cancellationToken).ConfigureAwait(false);
                await writeNar(_writer.Raw, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _writer.WriteAsync((ulong)ServeCommand.ImportPaths, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(1UL, cancellationToken).ConfigureAwait(false); // a path follows
                await writeNar(_writer.Raw, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(ExportMagic, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(_storeDir.Print(info.StorePath), cancellationToken).ConfigureAwait(false);
                await WritePathsAsync(info.References, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(deriver, cancellationToken).ConfigureAwait(false);
                await _writer.WriteAsync(0UL, cancellationToken).ConfigureAwait(false); // no signature
                await _writer.WriteAsync(0UL, cancellationToken).ConfigureAwait(false); // no more paths
            }

            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = await _reader.ReadUInt64Async($"the answer to adding '{_storeDir.Print(info.StorePath)}'", cancellationToken).ConfigureAwait(false);
            return answer == 1
                ? true
                : throw new ServeProtocolException($"failed to add path '{_storeDir.Print(info.StorePath)}' to remote host '{Machine}' (answer {answer})");
        });
    }

    /// <summary>
    /// Builds <paramref name="derivation"/> on the remote (as Hydra does: the <c>BasicDerivation</c> form, whose input
    /// sources are <paramref name="inputs"/>, which must be valid there). Nix's own failures are a result; only a
    /// broken connection throws.
    /// </summary>
    public Task<ServeBuildResult> BuildDerivationAsync(
        StorePath drvPath, Derivation derivation, IReadOnlyCollection<StorePath> inputs, ServeBuildOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        ArgumentNullException.ThrowIfNull(options);
        return Guard(async () =>
        {
            await _writer.WriteAsync((ulong)ServeCommand.BuildDerivation, cancellationToken).ConfigureAwait(false);
            await _writer.WriteAsync(_storeDir.Print(drvPath), cancellationToken).ConfigureAwait(false);
            await BasicDerivationWriter.WriteAsync(_writer, derivation, inputs, _storeDir, cancellationToken).ConfigureAwait(false);
            await options.WriteAsync(_writer, Minor, cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return await ServeBuildResult.ReadAsync(_reader, Minor, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Streams <paramref name="path"/>'s NAR from the remote store into <paramref name="sink"/>; returns its size.</summary>
    public Task<long> DumpStorePathAsync(StorePath path, Stream sink, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _writer.WriteAsync((ulong)ServeCommand.DumpStorePath, cancellationToken).ConfigureAwait(false);
            await _writer.WriteAsync(_storeDir.Print(path), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return await NarFrameCopier.CopyAsync(_reader, sink, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Closes the peer's input: <c>nix-store --serve</c> exits at the end of its input.</summary>
    public void Dispose() => _writer.Dispose();

    // 'NIXE': precedes the metadata of each path in Nix's export format.
    private const ulong ExportMagic = 0x4558494e;

    private async Task<T> Guard<T>(Func<Task<T>> command)
    {
        if (IsBroken)
        {
            throw new ServeProtocolException($"the connection to '{Machine}' broke during an earlier command");
        }

        try
        {
            return await command().ConfigureAwait(false);
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    private async ValueTask WritePathsAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken) =>
        await _writer.WriteAsync([.. paths.Distinct().Order().Select(_storeDir.Print)], cancellationToken).ConfigureAwait(false);

    private async Task<List<StorePath>> ReadPathsAsync(string what, CancellationToken cancellationToken) =>
        [.. (await _reader.ReadStringsAsync(what, cancellationToken).ConfigureAwait(false)).Select(p => ParsePath(p, what))];

    private StorePath ParsePath(string printed, string what)
    {
        var prefix = _storeDir.Path + "/";
        if (!printed.StartsWith(prefix, StringComparison.Ordinal) || !StorePath.TryParse(printed[prefix.Length..], out var path, out var error))
        {
            throw _reader.Malformed($"{what} '{printed}' is not a store path in {_storeDir.Path}");
        }

        return path;
    }
}
