using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using AsterFarm.Shared.Derivations.Aterm;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations;

/// <summary>
/// Parses the ATerm <c>.drv</c> format of Nix 2.8 (nix-formats.md §3) from bytes.
/// <para>
/// Stricter than Nix in ways a file written by Nix never trips over, so that every accepted file prints back
/// to the same bytes when it is in canonical order: the input must be valid UTF-8; there is no trailing data;
/// items are separated by exactly one comma; output names and env keys are unique; env has a <c>name</c>;
/// fields Nix prints unescaped (output names, paths, hash fields, <c>system</c>) contain no backslash.
/// Like Nix, lists given out of order are sorted. Paths must be store paths of the given store directory.
/// </para>
/// </summary>
public static class DerivationParser
{
    /// <summary>Parses or throws <see cref="DerivationFormatException"/>.</summary>
    public static Derivation Parse(ReadOnlySpan<byte> bytes, StoreDir storeDir) =>
        TryParse(bytes, storeDir, out var derivation, out var error) ? derivation : throw error;

    /// <summary>Parses; on failure returns false with the error (message names what was expected at which byte).</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> bytes,
        StoreDir storeDir,
        [NotNullWhen(true)] out Derivation? derivation,
        [NotNullWhen(false)] out DerivationFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(storeDir);
        derivation = null;
        error = null;
        if (!Utf8.IsValid(bytes))
        {
            error = new DerivationFormatException(FirstInvalidUtf8(bytes), "invalid UTF-8 (AsterFarm only reads derivations that are valid UTF-8)");
            return false;
        }

        var reader = new AtermReader(bytes);
        try
        {
            derivation = Read(ref reader, storeDir);
            return true;
        }
        catch (DerivationFormatException e)
        {
            error = e;
            return false;
        }
        finally
        {
            reader.Dispose();
        }
    }

    private static Derivation Read(ref AtermReader r, StoreDir storeDir)
    {
        r.Expect("Derive(["u8);
        var outputs = ReadOutputs(ref r, storeDir);
        r.Expect(",["u8);
        var inputDrvs = ReadInputDrvs(ref r, storeDir);
        r.Expect(",["u8);
        var srcStart = r.Position;
        var inputSrcs = new List<StorePath>();
        for (var i = 0; r.NextItem(ref i);)
        {
            inputSrcs.Add(ReadPath(ref r, storeDir));
        }

        var srcArray = inputSrcs.ToArray();
        if (SortedArraySet<StorePath>.FromArray(srcArray, Comparer<StorePath>.Default) is var srcs && srcs.Count != srcArray.Length)
        {
            throw AtermReader.Error(srcStart, "an input source occurs twice");
        }

        r.Expect((byte)',');
        var system = ReadRaw(ref r, "system");
        r.Expect((byte)',');
        var builder = r.ReadString();
        r.Expect(",["u8);
        var args = new List<string>();
        for (var i = 0; r.NextItem(ref i);)
        {
            args.Add(r.ReadString());
        }

        r.Expect(",["u8);
        var env = ReadEnv(ref r);
        r.Expect((byte)')');
        r.ExpectEnd();
        return new Derivation(outputs, inputDrvs, srcs, system, builder, [.. args], env);
    }

    private static SortedArrayDictionary<string, DerivationOutput> ReadOutputs(ref AtermReader r, StoreDir storeDir)
    {
        var names = new List<string>();
        var outputs = new List<DerivationOutput>();
        var sorted = true;
        var listStart = r.Position;
        for (var i = 0; r.NextItem(ref i);)
        {
            r.Expect((byte)'(');
            var nameStart = r.Position;
            var name = ReadRaw(ref r, "an output name");
            sorted &= CheckOrder(names, name, nameStart, "output");
            r.Expect((byte)',');
            var pathStart = r.Position;
            var path = ReadRaw(ref r, "an output path");
            r.Expect((byte)',');
            var algoStart = r.Position;
            var algo = ReadRaw(ref r, "a hash algorithm");
            r.Expect((byte)',');
            var hashStart = r.Position;
            var hash = ReadRaw(ref r, "a hash");
            r.Expect((byte)')');
            names.Add(name);
            outputs.Add(MakeOutput(storeDir, path, algo, hash, pathStart, algoStart, hashStart));
        }

        return Finish(names, outputs, sorted, "output", listStart);
    }

    private static DerivationOutput MakeOutput(
        StoreDir storeDir, string path, string algo, string hash, int pathStart, int algoStart, int hashStart)
    {
        if (algo.Length == 0)
        {
            if (hash.Length != 0)
            {
                throw AtermReader.Error(hashStart, $"expected an empty hash for an output without hash algorithm but found '{hash}'");
            }

            return path.Length == 0 ? DeferredOutput.Instance : new InputAddressedOutput(ParsePath(storeDir, path, pathStart));
        }

        var method = FileIngestionMethod.Flat;
        var algoName = algo.AsSpan();
        if (algoName.StartsWith("r:", StringComparison.Ordinal))
        {
            method = FileIngestionMethod.Recursive;
            algoName = algoName[2..];
        }

        if (!HashAlgoInfo.TryParse(algoName, out var algorithm))
        {
            throw AtermReader.Error(algoStart, $"unknown hash algorithm '{algo}' (expected [r:]md5, sha1, sha256 or sha512)");
        }

        if (hash.Length == 0 || hash == ImpureOutput.Marker)
        {
            if (path.Length != 0)
            {
                throw AtermReader.Error(pathStart, $"expected an empty path for a {(hash.Length == 0 ? "floating" : "impure")} output but found '{path}'");
            }

            return hash.Length == 0 ? new FloatingOutput(method, algorithm) : new ImpureOutput(method, algorithm);
        }

        // Nix reads the hash without prefix in base16, base32 or base64, chosen by length.
        if (hash.AsSpan().ContainsAnyExcept(HashCharacters) || !NixHash.TryParse(hash, algorithm, out var parsed, out var hashError))
        {
            throw AtermReader.Error(hashStart, $"invalid {algorithm.Name()} hash '{hash}'");
        }

        _ = hashError;
        return new FixedOutput(ParsePath(storeDir, path, pathStart), method, parsed);
    }

    private static readonly System.Buffers.SearchValues<char> HashCharacters =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/=");

    private static SortedArrayDictionary<StorePath, SortedArraySet<string>> ReadInputDrvs(ref AtermReader r, StoreDir storeDir)
    {
        var paths = new List<StorePath>();
        var wanted = new List<SortedArraySet<string>>();
        var sorted = true;
        for (var i = 0; r.NextItem(ref i);)
        {
            r.Expect((byte)'(');
            var pathStart = r.Position;
            var path = ReadPath(ref r, storeDir);
            if (paths.Count > 0)
            {
                var order = paths[^1].CompareTo(path);
                if (order == 0)
                {
                    throw AtermReader.Error(pathStart, $"input derivation '{storeDir.Print(path)}' occurs twice");
                }

                sorted &= order < 0;
            }

            r.Expect(",["u8);
            var names = new List<string>();
            var namesSorted = true;
            for (var j = 0; r.NextItem(ref j);)
            {
                var nameStart = r.Position;
                var name = ReadRaw(ref r, "an output name");
                namesSorted &= CheckOrder(names, name, nameStart, "wanted output");
                names.Add(name);
            }

            r.Expect((byte)')');
            paths.Add(path);
            wanted.Add(namesSorted
                ? new SortedArraySet<string>([.. names], Utf8OrdinalComparer.Instance)
                : SortedArraySet<string>.FromArray([.. names], Utf8OrdinalComparer.Instance));
        }

        var pathArray = paths.ToArray();
        var wantedArray = wanted.ToArray();
        if (!sorted)
        {
            Array.Sort(pathArray, wantedArray);
            if (SortedArrayDictionary<StorePath, StorePath>.TryFindDuplicate(pathArray, Comparer<StorePath>.Default, out var dup))
            {
                throw r.Error($"input derivation '{storeDir.Print(dup)}' occurs twice");
            }
        }

        return new SortedArrayDictionary<StorePath, SortedArraySet<string>>(pathArray, wantedArray, Comparer<StorePath>.Default);
    }

    private static SortedArrayDictionary<string, string> ReadEnv(ref AtermReader r)
    {
        var keys = new List<string>();
        var values = new List<string>();
        var sorted = true;
        var listStart = r.Position;
        for (var i = 0; r.NextItem(ref i);)
        {
            r.Expect((byte)'(');
            var keyStart = r.Position;
            var key = r.ReadString();
            sorted &= CheckOrder(keys, key, keyStart, "env");
            r.Expect((byte)',');
            var value = r.ReadString();
            r.Expect((byte)')');
            keys.Add(key);
            values.Add(value);
        }

        var env = Finish(keys, values, sorted, "env", listStart);
        if (Derivation.NameOf(env) is null)
        {
            throw AtermReader.Error(listStart, Derivation.MissingNameMessage);
        }

        return env;
    }

    // True while keys arrive in Nix order; a key equal to its predecessor is a duplicate.
    private static bool CheckOrder(List<string> previous, string key, int offset, string what)
    {
        if (previous.Count == 0)
        {
            return true;
        }

        var order = Utf8OrdinalComparer.Instance.Compare(previous[^1], key);
        return order == 0 ? throw AtermReader.Error(offset, $"{what} key '{key}' occurs twice") : order < 0;
    }

    private static SortedArrayDictionary<string, T> Finish<T>(List<string> keys, List<T> values, bool sorted, string what, int listStart)
    {
        if (sorted)
        {
            return new SortedArrayDictionary<string, T>([.. keys], [.. values], Utf8OrdinalComparer.Instance);
        }

        try
        {
            return SortedArrayDictionary<string, T>.FromArrays([.. keys], [.. values], Utf8OrdinalComparer.Instance);
        }
        catch (ArgumentException e)
        {
            throw AtermReader.Error(listStart, $"in the {what} list: {e.Message}");
        }
    }

    private static string ReadRaw(ref AtermReader r, string what)
    {
        var start = r.Position;
        var text = r.ReadString();
        if (r.LastHadEscape)
        {
            throw AtermReader.Error(start, $"{what} must not contain a backslash escape: Nix prints this field unescaped");
        }

        return text;
    }

    private static StorePath ReadPath(ref AtermReader r, StoreDir storeDir)
    {
        var start = r.Position;
        return ParsePath(storeDir, ReadRaw(ref r, "a store path"), start);
    }

    private static StorePath ParsePath(StoreDir storeDir, string path, int offset) =>
        storeDir.TryParse(path, out var storePath, out var error)
            ? storePath
            : throw AtermReader.Error(offset, $"invalid store path '{path}': {error}");

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
