using System.Buffers;
using System.Text;
using System.Text.Unicode;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Recognises <c>.drv</c> files in the canonical form Nix writes and records their <see cref="DrvLayout"/>.
/// It accepts a subset of what <see cref="DerivationParser"/> accepts: every list strictly sorted, only the escapes
/// the printer produces, env keys without escapes, an env <c>name</c>, outputs all deferred, all input-addressed or a
/// single fixed output <c>out</c> with a canonical algorithm and lowercase base16 hash. Anything else (floating or
/// impure outputs, <c>__json</c>-only names, errors) returns null so the caller uses the model-based path, which
/// then gives the same result or error as before.
/// </summary>
internal static class DrvLayoutScanner
{
    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> EscapedStop = SearchValues.Create("\"\\\n\r\t"u8);
    private static readonly SearchValues<byte> PrintedEscaped = SearchValues.Create("\\\n\r\t"u8);
    private static readonly string[] FixedAlgos = ["md5", "sha1", "sha256", "sha512", "r:md5", "r:sha1", "r:sha256", "r:sha512"];

    /// <param name="bytes">The file.</param>
    /// <param name="storePrefix">The store directory followed by <c>/</c>, in UTF-8.</param>
    public static DrvLayout? TryScan(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> storePrefix)
    {
        if (!Utf8.IsValid(bytes))
        {
            return null;
        }

        var p = 0;
        if (!Literal(bytes, ref p, "Derive(["u8)
            || !Outputs(bytes, ref p, storePrefix, out var names, out var paths, out var fixedAlgo, out var fixedHash)
            || !Literal(bytes, ref p, ","u8))
        {
            return null;
        }

        var inputDrvsStart = p;
        if (!InputDrvs(bytes, ref p, storePrefix, out var inputPaths, out var wantedStart, out var wanted)
            || !Literal(bytes, ref p, ",["u8))
        {
            return null;
        }

        var inputDrvsEnd = p - 2;
        if (!PathList(bytes, ref p, storePrefix, out var srcs)
            || !Literal(bytes, ref p, ","u8)
            || !Raw(bytes, ref p, out _)
            || !Literal(bytes, ref p, ","u8)
            || !Escaped(bytes, ref p, out _, out _)
            || !Literal(bytes, ref p, ",["u8)
            || !Args(bytes, ref p)
            || !Literal(bytes, ref p, ",["u8)
            || !Env(bytes, ref p, names, out var envValues, out var name)
            || !Literal(bytes, ref p, ")"u8)
            || p != bytes.Length)
        {
            return null;
        }

        return new DrvLayout(names, paths, fixedAlgo, fixedHash, inputDrvsStart, inputDrvsEnd, inputPaths, wantedStart, wanted, srcs, envValues, name);
    }

    private static bool Outputs(
        ReadOnlySpan<byte> s,
        ref int p,
        ReadOnlySpan<byte> storePrefix,
        out ByteRange[] names,
        out ByteRange[] paths,
        out ByteRange fixedAlgo,
        out ByteRange fixedHash)
    {
        var scratch = Scratch.Clear();
        var nameList = scratch.Names;
        var pathList = scratch.Paths;
        fixedAlgo = ByteRange.None;
        fixedHash = ByteRange.None;
        names = [];
        paths = [];
        var withPaths = 0;
        for (var i = 0; NextItem(s, ref p, ref i);)
        {
            if (!Literal(s, ref p, "("u8) || !Raw(s, ref p, out var name) || !Literal(s, ref p, ","u8)
                || !Raw(s, ref p, out var path) || !Literal(s, ref p, ","u8)
                || !Raw(s, ref p, out var algo) || !Literal(s, ref p, ","u8)
                || !Raw(s, ref p, out var hash) || !Literal(s, ref p, ")"u8))
            {
                return false;
            }

            if (name.Of(s).IndexOfAny(PrintedEscaped) >= 0
                || (nameList.Count > 0 && nameList[^1].Of(s).SequenceCompareTo(name.Of(s)) >= 0))
            {
                return false;
            }

            if (algo.Length != 0)
            {
                // Only a single fixed output "out" takes the fast path; floating and impure outputs do not.
                if (i != 1 || !name.Of(s).SequenceEqual("out"u8) || !IsStorePath(path.Of(s), storePrefix)
                    || !IsCanonicalFixedHash(algo.Of(s), hash.Of(s)))
                {
                    return false;
                }

                fixedAlgo = algo;
                fixedHash = hash;
            }
            else if (hash.Length != 0 || !fixedAlgo.IsNone || (path.Length != 0 && !IsStorePath(path.Of(s), storePrefix)))
            {
                return false;
            }

            withPaths += path.Length != 0 ? 1 : 0;
            nameList.Add(name);
            pathList.Add(path);
        }

        // No outputs, a fixed output among others, or deferred and stated paths mixed: the model reports it.
        if (nameList.Count == 0 || (!fixedAlgo.IsNone && nameList.Count != 1) || (withPaths != 0 && withPaths != nameList.Count))
        {
            return false;
        }

        names = [.. nameList];
        paths = [.. pathList];
        return true;
    }

    private static bool IsCanonicalFixedHash(ReadOnlySpan<byte> algo, ReadOnlySpan<byte> hash)
    {
        foreach (var candidate in FixedAlgos)
        {
            if (algo.Length != candidate.Length || !Ascii.Equals(algo, candidate))
            {
                continue;
            }

            var parsed = HashAlgoInfo.Parse(candidate.StartsWith("r:", StringComparison.Ordinal) ? candidate[2..] : candidate);
            if (hash.Length != parsed.Base16Length())
            {
                return false;
            }

            foreach (var b in hash)
            {
                if (!char.IsAsciiDigit((char)b) && b is not (>= (byte)'a' and <= (byte)'f'))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private static bool InputDrvs(
        ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> storePrefix, out ByteRange[] paths, out int[] wantedStart, out ByteRange[] wanted)
    {
        var scratch = Scratch.Clear();
        var pathList = scratch.Paths;
        var starts = scratch.Starts;
        var wantedList = scratch.Wanted;
        paths = [];
        wantedStart = [];
        wanted = [];
        if (!Literal(s, ref p, "["u8))
        {
            return false;
        }

        for (var i = 0; NextItem(s, ref p, ref i);)
        {
            if (!Literal(s, ref p, "("u8) || !Raw(s, ref p, out var path) || !IsStorePath(path.Of(s), storePrefix)
                || (pathList.Count > 0 && pathList[^1].Of(s).SequenceCompareTo(path.Of(s)) >= 0)
                || !Literal(s, ref p, ",["u8))
            {
                return false;
            }

            starts.Add(wantedList.Count);
            for (var j = 0; NextItem(s, ref p, ref j);)
            {
                if (!Raw(s, ref p, out var output)
                    || (j > 1 && wantedList[^1].Of(s).SequenceCompareTo(output.Of(s)) >= 0))
                {
                    return false;
                }

                wantedList.Add(output);
            }

            if (!Literal(s, ref p, ")"u8))
            {
                return false;
            }

            pathList.Add(path);
        }

        starts.Add(wantedList.Count);
        paths = [.. pathList];
        wantedStart = [.. starts];
        wanted = [.. wantedList];
        return true;
    }

    private static bool PathList(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> storePrefix, out ByteRange[] paths)
    {
        var list = Scratch.Clear().Paths;
        paths = [];
        for (var i = 0; NextItem(s, ref p, ref i);)
        {
            if (!Raw(s, ref p, out var path) || !IsStorePath(path.Of(s), storePrefix)
                || (list.Count > 0 && list[^1].Of(s).SequenceCompareTo(path.Of(s)) >= 0))
            {
                return false;
            }

            list.Add(path);
        }

        paths = [.. list];
        return true;
    }

    private static bool Args(ReadOnlySpan<byte> s, ref int p)
    {
        for (var i = 0; NextItem(s, ref p, ref i);)
        {
            if (!Escaped(s, ref p, out _, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Env(ReadOnlySpan<byte> s, ref int p, ByteRange[] outputNames, out ByteRange[] outputValues, out ByteRange name)
    {
        outputValues = new ByteRange[outputNames.Length];
        Array.Fill(outputValues, ByteRange.None);
        name = ByteRange.None;
        var previous = ByteRange.None;
        for (var i = 0; NextItem(s, ref p, ref i);)
        {
            // Keys without escapes compare like the decoded strings, so the byte order check is Nix's order.
            if (!Literal(s, ref p, "("u8) || !Escaped(s, ref p, out var key, out var keyEscaped) || keyEscaped
                || (!previous.IsNone && previous.Of(s).SequenceCompareTo(key.Of(s)) >= 0)
                || !Literal(s, ref p, ","u8) || !Escaped(s, ref p, out var value, out _) || !Literal(s, ref p, ")"u8))
            {
                return false;
            }

            previous = key;
            if (key.Of(s).SequenceEqual("name"u8))
            {
                name = value;
            }

            for (var o = 0; o < outputNames.Length; o++)
            {
                if (key.Of(s).SequenceEqual(outputNames[o].Of(s)))
                {
                    outputValues[o] = value;
                }
            }
        }

        return !name.IsNone;
    }

    // A full store path in the store: prefix, 32 base32 characters, '-', a valid name (StoreDir.TryParse's rules).
    private static bool IsStorePath(ReadOnlySpan<byte> path, ReadOnlySpan<byte> storePrefix)
    {
        if (!path.StartsWith(storePrefix))
        {
            return false;
        }

        var baseName = path[storePrefix.Length..];
        if (baseName.Length < Store.StorePath.HashPartLength + 2 || baseName[Store.StorePath.HashPartLength] != '-'
            || baseName.Length - Store.StorePath.HashPartLength - 1 > Store.StorePath.MaxNameLength)
        {
            return false;
        }

        for (var i = 0; i < Store.StorePath.HashPartLength; i++)
        {
            if (!NixBase32.IsDigit(baseName[i]))
            {
                return false;
            }
        }

        return Store.StorePathName.AreValidChars(baseName[(Store.StorePath.HashPartLength + 1)..]);
    }

    // Lists reused by every scan on a thread: scanning a closure would otherwise make five lists per file.
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _current;

        public List<ByteRange> Names { get; } = new(8);

        public List<ByteRange> Paths { get; } = new(64);

        public List<int> Starts { get; } = new(64);

        public List<ByteRange> Wanted { get; } = new(64);

        public static Scratch Clear()
        {
            var scratch = _current ??= new Scratch();
            scratch.Names.Clear();
            scratch.Paths.Clear();
            scratch.Starts.Clear();
            scratch.Wanted.Clear();
            return scratch;
        }
    }

    private static bool NextItem(ReadOnlySpan<byte> s, ref int p, ref int index)
    {
        if (p < s.Length && s[p] == ']')
        {
            p++;
            return false;
        }

        if (index > 0)
        {
            if (p >= s.Length || s[p] != ',')
            {
                return false;
            }

            p++;
        }

        index++;
        return p < s.Length;
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> literal)
    {
        if (!s[p..].StartsWith(literal))
        {
            return false;
        }

        p += literal.Length;
        return true;
    }

    // A string Nix prints unescaped: any bytes but a backslash.
    private static bool Raw(ReadOnlySpan<byte> s, ref int p, out ByteRange range)
    {
        range = default;
        if (p >= s.Length || s[p] != '"')
        {
            return false;
        }

        var stop = s[(p + 1)..].IndexOfAny(QuoteOrBackslash);
        if (stop < 0 || s[p + 1 + stop] != '"')
        {
            return false;
        }

        range = new ByteRange(p + 1, stop);
        p += stop + 2;
        return true;
    }

    // A string Nix prints escaped, holding only the escapes the printer writes (so it prints back identically).
    private static bool Escaped(ReadOnlySpan<byte> s, ref int p, out ByteRange range, out bool hadEscape)
    {
        range = default;
        hadEscape = false;
        if (p >= s.Length || s[p] != '"')
        {
            return false;
        }

        var start = p + 1;
        var q = start;
        while (true)
        {
            var stop = s[q..].IndexOfAny(EscapedStop);
            if (stop < 0)
            {
                return false;
            }

            q += stop;
            switch (s[q])
            {
                case (byte)'"':
                    range = new ByteRange(start, q - start);
                    p = q + 1;
                    return true;
                case (byte)'\\' when q + 1 < s.Length && s[q + 1] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'"' or (byte)'\\':
                    hadEscape = true;
                    q += 2;
                    break;
                default:
                    return false;
            }
        }
    }
}
