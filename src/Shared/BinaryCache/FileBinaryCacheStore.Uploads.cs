using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>The verified writes of <see cref="FileBinaryCacheStore"/>.</summary>
public sealed partial class FileBinaryCacheStore
{
    private const int CopyBufferSize = 128 * 1024;

    // How far the file write may run ahead of the hashing and parsing of an upload.
    private const int MeasurePipeBytes = 4 << 20;

    public async Task<CacheWriteResult<StoredNar>> PutNarAsync(NarFileName file, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = AtomicFile.CreateTemp(_layout.NewTempFile());

        // The bytes go to the temp file and, through a bounded pipe, to a pool thread that hashes them and parses the
        // NAR while they arrive (the NAR reader is synchronous): the upload is measured in one pass, never read back.
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: MeasurePipeBytes, resumeWriterThreshold: MeasurePipeBytes / 2, readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var limit = new NarExpansionLimit(_options.MaxNarSize, _options.MaxCompressionRatio);
        var measuring = Task.Run(() => MeasureUpload(file.Compression, pipe.Reader, limit), CancellationToken.None);
        try
        {
            // An uncompressed file is its NAR: its size is bounded by both limits.
            var maxFileBytes = file.Compression == NarCompression.None ? Math.Min(_options.MaxNarFileBytes, _options.MaxNarSize) : _options.MaxNarFileBytes;
            bool withinLimit;
            try
            {
                withinLimit = await CopyBoundedAsync(content, temp, pipe.Writer, maxFileBytes, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }

            if (!withinLimit)
            {
                return Refuse<StoredNar>(file.Url, CacheRefusalKind.TooLarge, $"{file.Url} is larger than this cache accepts ({maxFileBytes} bytes)");
            }

            var (received, measured, tooLarge) = await measuring.ConfigureAwait(false);
            if (tooLarge is not null)
            {
                // Refused while streaming: the rest of the upload was not read.
                return Refuse<StoredNar>(file.Url, CacheRefusalKind.TooLarge, $"{file.Url} ({file.Compression.NixName()}) refused: {tooLarge}");
            }

            if (received.NarHash != file.FileHash)
            {
                return Refuse<StoredNar>(file.Url, CacheRefusalKind.Mismatch, $"FileHash mismatch for {file.Url}: the URL says {file.FileHash}, the {received.NarSize} bytes received hash to {received.NarHash}");
            }

            if (!measured.IsValid)
            {
                return Refuse<StoredNar>(file.Url, CacheRefusalKind.Invalid, $"{file.Url} is not a valid NAR ({file.Compression.NixName()}): {measured.Error.Message}");
            }

            var record = new StoredNar(file, received.NarSize, measured.HashAndSize.Value.NarHash, measured.HashAndSize.Value.NarSize);

            // Sidecar first: a NAR is never visible without what was measured for it (a crash in between leaves an
            // orphan sidecar, removed on the next start). Its rename is not fsynced on its own: if a crash loses it,
            // the NAR is measured again on first use (GetStoredNarAsync), so one directory fsync per upload is saved.
            await AtomicFile.WriteAllBytesAsync(_layout, _layout.Sidecar(file), record.ToUtf8(), cancellationToken, syncDirectory: false).ConfigureAwait(false);
            AtomicFile.Publish(temp, _layout.Nar(file));
            BinaryCacheLog.NarStored(_logger, file.Url, record.FileSize, record.NarHash.ToString(), record.NarSize);
            return CacheWriteResult.Stored(record);
        }
        finally
        {
            // The measuring thread reads to the end of the pipe, which is complete by now; its errors are moot here.
            await ((Task)measuring).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            AtomicFile.DeleteTemp(temp);
        }
    }

    public async Task<StoredNar?> GetStoredNarAsync(NarFileName file, CancellationToken cancellationToken = default)
    {
        var narPath = _layout.Nar(file);
        if (!File.Exists(narPath))
        {
            return null;
        }

        var sidecarPath = _layout.Sidecar(file);
        if (File.Exists(sidecarPath)
            && StoredNar.TryParse(await File.ReadAllTextAsync(sidecarPath, cancellationToken).ConfigureAwait(false), file, out var record))
        {
            return record;
        }

        // A NAR put here by `nix copy --to file://` (or whose sidecar was lost): measure it once, remember the result.
        var measured = await Task.Run(() => MeasureFile(file, narPath), cancellationToken).ConfigureAwait(false);
        if (measured is null)
        {
            return null;
        }

        await AtomicFile.WriteAllBytesAsync(_layout, sidecarPath, measured.ToUtf8(), cancellationToken).ConfigureAwait(false);
        return measured;
    }

    public async Task<CacheWriteResult<NarInfo>> PutNarInfoAsync(string hashPart, NarInfo narInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashPart);
        ArgumentNullException.ThrowIfNull(narInfo);
        var what = hashPart + ".narinfo";
        var storePath = _storeDir.Print(narInfo.StorePath);
        if (!Base32Text.IsHashPart(hashPart) || narInfo.StorePath.HashPart != hashPart)
        {
            return Refuse<NarInfo>(what, CacheRefusalKind.Invalid, $"the narinfo of {storePath} cannot be stored as {what}");
        }

        if (!NarFileName.TryParseUrl(narInfo.Url, out var file, out var urlError))
        {
            return Refuse<NarInfo>(what, CacheRefusalKind.Invalid, $"narinfo of {storePath}: {urlError}");
        }

        if (narInfo.Compression != file.Compression.NixName())
        {
            return Refuse<NarInfo>(what, CacheRefusalKind.Invalid, $"narinfo of {storePath}: Compression '{narInfo.Compression}' does not match URL {narInfo.Url}");
        }

        var stored = await GetStoredNarAsync(file, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Refuse<NarInfo>(what, CacheRefusalKind.MissingNar, $"the NAR of {storePath}, {narInfo.Url}, is not in this cache: upload the NAR before its narinfo");
        }

        var mismatch = DescribeMismatches(narInfo, stored, storePath)
            ?? ContentAddressCheck.CheckPath(narInfo, _storeDir)
            ?? await CheckContentAddressAsync(narInfo, file, stored, cancellationToken).ConfigureAwait(false);
        if (mismatch is not null)
        {
            return Refuse<NarInfo>(what, CacheRefusalKind.Mismatch, mismatch);
        }

        var signed = NarInfoSigner.Sign(narInfo with { FileHash = stored.FileHash, FileSize = (ulong)stored.FileSize }, _key, _storeDir);
        var temp = AtomicFile.CreateTemp(_layout.NewTempFile());
        try
        {
            await temp.WriteAsync(NarInfoWriter.PrintUtf8(signed, _storeDir), cancellationToken).ConfigureAwait(false);
            await temp.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Garbage collection may have removed an orphan NAR since it was checked; never publish without it.
                if (!File.Exists(_layout.Nar(file)))
                {
                    return Refuse<NarInfo>(what, CacheRefusalKind.MissingNar, $"the NAR of {storePath}, {narInfo.Url}, was removed meanwhile: upload it again");
                }

                // Checked under the gate, so two uploads racing for one path cannot both publish.
                if (await GetNarInfoAsync(hashPart, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    if (NarInfoConflict.Describe(existing, signed, _storeDir) is { } conflict)
                    {
                        return Refuse<NarInfo>(what, CacheRefusalKind.Conflict, $"{what}: {conflict}");
                    }

                    return CacheWriteResult.Stored(existing);
                }

                AtomicFile.Publish(temp, _layout.NarInfo(hashPart));
            }
            finally
            {
                _publishGate.Release();
            }
        }
        finally
        {
            AtomicFile.DeleteTemp(temp);
        }

        _accessed[hashPart] = _options.TimeProvider.GetUtcNow();
        BinaryCacheLog.NarInfoStored(_logger, storePath);
        return CacheWriteResult.Stored(signed);
    }

    public async Task<CacheWriteResult<StorePathLog>> PutLogAsync(StorePath derivation, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var what = "log/" + derivation.BaseName;
        if (!derivation.IsDerivation)
        {
            return Refuse<StorePathLog>(what, CacheRefusalKind.Invalid, $"build logs are stored per derivation: '{derivation.BaseName}' is not a .drv");
        }

        var temp = AtomicFile.CreateTemp(_layout.NewTempFile());
        try
        {
            if (!await CopyBoundedAsync(content, temp, _options.MaxLogBytes, cancellationToken).ConfigureAwait(false))
            {
                return Refuse<StorePathLog>(what, CacheRefusalKind.TooLarge, $"{what} is larger than this cache accepts ({_options.MaxLogBytes} bytes)");
            }

            var size = temp.Length;
            AtomicFile.Publish(temp, _layout.Log(derivation));
            return CacheWriteResult.Stored(new StorePathLog(derivation, size));
        }
        finally
        {
            AtomicFile.DeleteTemp(temp);
        }
    }

    public async Task<CacheWriteResult<string>> PutListingAsync(string hashPart, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var what = hashPart + ".ls";
        if (!Base32Text.IsHashPart(hashPart))
        {
            return Refuse<string>(what, CacheRefusalKind.Invalid, $"'{hashPart}' is not a store path hash part");
        }

        var temp = AtomicFile.CreateTemp(_layout.NewTempFile());
        try
        {
            if (!await CopyBoundedAsync(content, temp, _options.MaxListingBytes, cancellationToken).ConfigureAwait(false))
            {
                return Refuse<string>(what, CacheRefusalKind.TooLarge, $"{what} is larger than this cache accepts ({_options.MaxListingBytes} bytes)");
            }

            temp.Position = 0;
            try
            {
                using var document = await JsonDocument.ParseAsync(temp, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException error)
            {
                return Refuse<string>(what, CacheRefusalKind.Invalid, $"{what} is not JSON: {error.Message}");
            }

            AtomicFile.Publish(temp, _layout.Listing(hashPart));
            return CacheWriteResult.Stored(what);
        }
        finally
        {
            AtomicFile.DeleteTemp(temp);
        }
    }

    // Reads the stored NAR again only for the addresses its NarHash does not settle (flat, text, non-SHA-256).
    private async Task<string?> CheckContentAddressAsync(NarInfo narInfo, NarFileName file, StoredNar stored, CancellationToken cancellationToken)
    {
        if (narInfo.ContentAddress is not { } ca || !ContentAddressCheck.NeedsNar(ca))
        {
            return ContentAddressCheck.CheckNar(narInfo, stored.NarHash, () => Stream.Null, _storeDir);
        }

        var path = _layout.Nar(file);
        return await Task.Run(
            () =>
            {
                using var compressed = File.OpenRead(path);
                return ContentAddressCheck.CheckNar(narInfo, stored.NarHash, () => file.Compression.OpenDecompression(compressed), _storeDir);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string? DescribeMismatches(NarInfo narInfo, StoredNar stored, string storePath)
    {
        var problems = new List<string>();
        if (narInfo.NarHash != stored.NarHash)
        {
            problems.Add($"NarHash mismatch for {storePath}: narinfo says {narInfo.NarHash}, received NAR hashes to {stored.NarHash}");
        }

        if (narInfo.NarSize != (ulong)stored.NarSize)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"NarSize mismatch for {storePath}: narinfo says {narInfo.NarSize}, received NAR has {stored.NarSize} bytes"));
        }

        if (narInfo.FileHash is { } fileHash && fileHash != stored.FileHash)
        {
            problems.Add($"FileHash mismatch for {storePath}: narinfo says {fileHash}, received file hashes to {stored.FileHash}");
        }

        if (narInfo.FileSize is { } fileSize && fileSize != (ulong)stored.FileSize)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"FileSize mismatch for {storePath}: narinfo says {fileSize}, received file has {stored.FileSize} bytes"));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static NarValidationResult Measure(NarCompression compression, HashingReadStream compressed, NarExpansionLimit? limit = null)
    {
        try
        {
            var decompressed = compression.OpenDecompression(compressed);
            using var nar = limit is null ? decompressed : new ExpansionLimitedStream(decompressed, compressed, limit);
            return NarValidator.Validate(nar);
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException and not NarTooLargeException)
        {
            // The decompressor's own exceptions (corrupt zstd/xz data, truncated frames) vary by library.
            return NarValidationResult.Invalid(new NarFormatException($"cannot decompress: {error.Message}", error));
        }
    }

    // Hash of all the bytes (the FileHash) and the NAR's validity, hash and size, read from the upload's pipe to its end;
    // or, as soon as the NAR expands beyond the limit, why it is too large (the pipe is then completed unread, which
    // stops the upload's copy).
    private static (NarHashAndSize File, NarValidationResult Nar, string? TooLarge) MeasureUpload(NarCompression compression, PipeReader source, NarExpansionLimit limit)
    {
        using var stream = source.AsStream();
        using var hashing = new HashingReadStream(stream);
        NarValidationResult nar;
        try
        {
            nar = compression == NarCompression.None ? ValidateUncompressed(hashing) : Measure(compression, hashing, limit);
        }
        catch (NarTooLargeException error)
        {
            return (hashing.GetHashAndSize(), NarValidationResult.Invalid(new NarFormatException(error.Message, error)), error.Message);
        }

        hashing.CopyTo(Stream.Null); // what the NAR reader left when it refused, so the FileHash covers every byte
        return (hashing.GetHashAndSize(), nar, null);
    }

    // An uncompressed file is the NAR itself: the bytes are hashed once, by the stream both hashes are read from.
    private static NarValidationResult ValidateUncompressed(HashingReadStream nar)
    {
        try
        {
            using var reader = new NarReader(nar);
            while (reader.Read())
            {
                // Contents are skipped (and so hashed) by the next Read.
            }
        }
        catch (NarFormatException error)
        {
            return NarValidationResult.Invalid(error);
        }

        return NarValidationResult.Valid(nar.GetHashAndSize());
    }

    private static StoredNar? MeasureFile(NarFileName file, string path)
    {
        using var stream = File.OpenRead(path);
        using var hashing = new HashingReadStream(stream);
        var measured = Measure(file.Compression, hashing);
        hashing.CopyTo(Stream.Null);
        var fileHashAndSize = hashing.GetHashAndSize();
        return measured.IsValid && fileHashAndSize.NarHash == file.FileHash
            ? new StoredNar(file, fileHashAndSize.NarSize, measured.HashAndSize.Value.NarHash, measured.HashAndSize.Value.NarSize)
            : null;
    }

    // Reads into the pipe's memory, writes that to the file, then hands it to the pipe's reader.
    private static async Task<bool> CopyBoundedAsync(Stream source, FileStream destination, PipeWriter alsoTo, long maxBytes, CancellationToken cancellationToken)
    {
        long total = 0;
        long writebackStarted = 0;
        while (true)
        {
            var memory = alsoTo.GetMemory(CopyBufferSize);
            var read = await source.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }

            total += read;
            if (total > maxBytes)
            {
                return false;
            }

            await destination.WriteAsync(memory[..read], cancellationToken).ConfigureAwait(false);
            if (total - writebackStarted >= FileWriteback.Chunk)
            {
                FileWriteback.Start(destination.SafeFileHandle, writebackStarted, total - writebackStarted);
                writebackStarted = total;
            }

            alsoTo.Advance(read);
            var flushed = await alsoTo.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                // The measuring thread failed (it reads to the end otherwise): awaiting it raises its error.
                return true;
            }
        }
    }

    private static async Task<bool> CopyBoundedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return false;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private CacheWriteResult<T> Refuse<T>(string what, CacheRefusalKind kind, string message)
        where T : class
    {
        BinaryCacheLog.Refused(_logger, what, message);
        return CacheWriteResult.Refused<T>(kind, message);
    }
}
