using System.Security.Cryptography;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.IO;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// A write-only stream that SHA-256-hashes and counts everything written to it and passes it on to an optional
/// inner stream: put it in front of a file or an HTTP body to get the NarHash and NarSize in the same pass.
/// </summary>
/// <param name="inner">Where the bytes go after hashing; <c>null</c> to only hash.</param>
/// <param name="leaveInnerOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
public sealed class HashingWriteStream(Stream? inner = null, bool leaveInnerOpen = true)
    : ObservingWriteStream(inner, leaveInnerOpen)
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The SHA-256 and length of everything written so far; writing may continue afterwards.</summary>
    public NarHashAndSize GetHashAndSize() =>
        new(NixHash.FromDigest(HashAlgo.Sha256, _hash.GetCurrentHash()), BytesWritten);

    protected override void Observe(ReadOnlySpan<byte> chunk) => _hash.AppendData(chunk);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
