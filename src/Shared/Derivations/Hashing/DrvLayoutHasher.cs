using System.Security.Cryptography;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Hashes a <see cref="DrvLayout"/> as slices of the original file: the drv path, and the unmasked and masked
/// modulo ATerms (the file with its input derivations list replaced and, masked, output paths and output env
/// values left out). One per thread; reuses its buffers so hashing a closure allocates little.
/// </summary>
internal sealed class DrvLayoutHasher : IDisposable
{
    private readonly StoreDir _store;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly WantedOrder _order = new();
    private byte[] _buffer = new byte[8192];
    private int[] _index = new int[64];
    private byte[] _wantedDigests = new byte[64 * DigestLength];

    public DrvLayoutHasher(StoreDir store) => _store = store;

    private const int DigestLength = 32;

    public void EnsureWanted(int count)
    {
        if (_index.Length < count)
        {
            _wantedDigests = new byte[count * 2 * DigestLength];
            _index = new int[count * 2];
        }
    }

    /// <summary>
    /// Where the caller puts the input hash of wanted output <paramref name="k"/> (index into <see cref="DrvLayout.Wanted"/>).
    /// Raw digests sort as their lowercase hex does, so they are only turned into hex when written.
    /// </summary>
    public Span<byte> WantedDigest(int k) => _wantedDigests.AsSpan(k * DigestLength, DigestLength);

    /// <summary>The store path of the file: a text path <c>name.drv</c> referring to the sources and input derivations.</summary>
    public StorePath DrvPath(byte[] bytes, DrvLayout layout, string name)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        var w = 0;
        Append(ref w, "text"u8);
        var srcs = layout.InputSrcs;
        var drvs = layout.InputDrvPaths;
        int s = 0, d = 0;
        while (s < srcs.Length || d < drvs.Length)
        {
            ReadOnlySpan<byte> next;
            if (d >= drvs.Length || (s < srcs.Length && srcs[s].Of(bytes).SequenceCompareTo(drvs[d].Of(bytes)) <= 0))
            {
                next = srcs[s].Of(bytes);
                // A path both source and input derivation is one reference.
                if (d < drvs.Length && next.SequenceEqual(drvs[d].Of(bytes)))
                {
                    d++;
                }

                s++;
            }
            else
            {
                next = drvs[d++].Of(bytes);
            }

            Append(ref w, ":"u8);
            Append(ref w, next);
        }

        return _store.MakeStorePath(_buffer.AsSpan(0, w), HashAlgo.Sha256, digest, name + ".drv");
    }

    /// <summary>A fixed output's modulo hash: <c>sha256("fixed:out:algo:hash:path")</c>.</summary>
    public void FixedHash(byte[] bytes, DrvLayout layout, Span<byte> digest)
    {
        var w = 0;
        Append(ref w, "fixed:out:"u8);
        Append(ref w, layout.FixedAlgo.Of(bytes));
        Append(ref w, ":"u8);
        Append(ref w, layout.FixedHash.Of(bytes));
        Append(ref w, ":"u8);
        Append(ref w, layout.OutputPaths[0].Of(bytes));
        SHA256.HashData(_buffer.AsSpan(0, w), digest);
    }

    /// <summary>
    /// Both modulo hashes of an input-addressed layout, with every <see cref="WantedDigest"/> filled; the masked one only
    /// when <paramref name="masked"/> is not empty (deferred derivations need no output paths).
    /// </summary>
    public void ModuloHashes(byte[] bytes, DrvLayout layout, Span<byte> unmasked, Span<byte> masked)
    {
        var sectionLength = WriteInputs(bytes, layout);
        var section = _buffer.AsSpan(0, sectionLength);
        _sha.AppendData(bytes.AsSpan(0, layout.InputDrvsStart));
        _sha.AppendData(section);
        _sha.AppendData(bytes.AsSpan(layout.InputDrvsEnd));
        _sha.GetHashAndReset(unmasked);
        if (masked.IsEmpty)
        {
            return;
        }

        // Output paths and env values are in increasing file order: both follow the sorted output names.
        var cursor = 0;
        foreach (var path in layout.OutputPaths)
        {
            _sha.AppendData(bytes.AsSpan(cursor, path.Start - cursor));
            cursor = path.End;
        }

        _sha.AppendData(bytes.AsSpan(cursor, layout.InputDrvsStart - cursor));
        _sha.AppendData(section);
        cursor = layout.InputDrvsEnd;
        foreach (var value in layout.OutputEnvValues)
        {
            if (!value.IsNone)
            {
                _sha.AppendData(bytes.AsSpan(cursor, value.Start - cursor));
                cursor = value.End;
            }
        }

        _sha.AppendData(bytes.AsSpan(cursor));
        _sha.GetHashAndReset(masked);
    }

    public void Dispose() => _sha.Dispose();

    // The input derivations list as hex hash → wanted outputs, sorted by hex; equal hashes merge their outputs.
    private int WriteInputs(byte[] bytes, DrvLayout layout)
    {
        var wanted = layout.Wanted;
        var count = wanted.Length;
        for (var i = 0; i < count; i++)
        {
            _index[i] = i;
        }

        _order.Set(bytes, wanted, _wantedDigests);
        Array.Sort(_index, 0, count, _order);
        var w = 0;
        Span<byte> hex = stackalloc byte[DigestLength * 2];
        Append(ref w, "["u8);
        for (var start = 0; start < count;)
        {
            var digest = WantedDigest(_index[start]);
            StoreDir.WriteBase16(digest, hex);
            Append(ref w, start == 0 ? "(\""u8 : ",(\""u8);
            Append(ref w, hex);
            Append(ref w, "\",["u8);
            var end = start;
            ReadOnlySpan<byte> last = default;
            while (end < count && WantedDigest(_index[end]).SequenceEqual(digest))
            {
                var output = wanted[_index[end]].Of(bytes);
                if (end == start || !output.SequenceEqual(last))
                {
                    Append(ref w, end == start ? "\""u8 : ",\""u8);
                    Append(ref w, output);
                    Append(ref w, "\""u8);
                    last = output;
                }

                end++;
            }

            Append(ref w, "])"u8);
            start = end;
        }

        Append(ref w, "]"u8);
        return w;
    }

    private void Append(ref int w, ReadOnlySpan<byte> data)
    {
        if (_buffer.Length - w < data.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, w + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(w));
        w += data.Length;
    }

    // Orders wanted outputs by their input's hash (the order of its hex), then by output name bytes.
    private sealed class WantedOrder : IComparer<int>
    {
        private byte[] _bytes = [];
        private ByteRange[] _wanted = [];
        private byte[] _digests = [];

        public void Set(byte[] bytes, ByteRange[] wanted, byte[] digests)
        {
            _bytes = bytes;
            _wanted = wanted;
            _digests = digests;
        }

        public int Compare(int x, int y)
        {
            var byHex = _digests.AsSpan(x * DigestLength, DigestLength).SequenceCompareTo(_digests.AsSpan(y * DigestLength, DigestLength));
            return byHex != 0 ? byHex : _wanted[x].Of(_bytes).SequenceCompareTo(_wanted[y].Of(_bytes));
        }
    }
}
