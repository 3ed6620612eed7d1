using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Shared.Tests.Derivations;

/// <summary>CsCheck generators of derivation models and of mutated <c>.drv</c> bytes.</summary>
internal static class DerivationGenerators
{
    private const string Base32 = "0123456789abcdfghijklmnpqrsvwxyz";
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-._?=";

    /// <summary>Text with the characters that need escaping and non-ASCII, including supplementary planes.</summary>
    public static readonly Gen<string> Text =
        Gen.OneOf(
                Gen.String[Gen.Char["abcXYZ019 $\"\\\n\r\t()[],"], 0, 6],
                Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32))
            .Array[0, 5]
            .Select(string.Concat);

    public static readonly Gen<string> StoreName = Gen.String[Gen.Char[NameChars], 1, 20];

    public static readonly Gen<StorePath> Path =
        Gen.Select(Gen.String[Gen.Char[Base32], 32, 32], StoreName, StorePath.FromParts);

    public static readonly Gen<StorePath> DrvPath =
        Gen.Select(Gen.String[Gen.Char[Base32], 32, 32], StoreName, (h, n) => StorePath.FromParts(h, n + ".drv"));

    public static readonly Gen<string> OutputName = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 1, 5];

    private static readonly Gen<HashAlgo> Algo = Gen.Enum<HashAlgo>();

    private static readonly Gen<FileIngestionMethod> Method = Gen.Enum<FileIngestionMethod>();

    private static readonly Gen<DerivationOutput> Output = Gen.Frequency(
        (4, Path.Select(p => (DerivationOutput)new InputAddressedOutput(p))),
        (1, Gen.Select(Path, Method, Algo, Gen.Byte.Array[64], (p, m, a, b) =>
            (DerivationOutput)new FixedOutput(p, m, new NixHash(a, b.AsSpan(0, a.Size()))))),
        (1, Gen.Select(Method, Algo, (m, a) => (DerivationOutput)new FloatingOutput(m, a))),
        (1, Gen.Const((DerivationOutput)DeferredOutput.Instance)),
        (1, Gen.Select(Method, Algo, (m, a) => (DerivationOutput)new ImpureOutput(m, a))));

    public static readonly Gen<Derivation> Derivation =
        Gen.Select(
            Gen.Select(OutputName, Output).Array[0, 4],
            Gen.Select(DrvPath, OutputName.Array[1, 3]).Array[0, 4],
            Path.Array[0, 4],
            Gen.String[Gen.Char["abcxyz_-0123456789 é"], 0, 12],
            Text,
            Text.Array[0, 5],
            Gen.Select(Text, Text).Array[0, 8],
            Text,
            (outputs, inputs, srcs, system, builder, args, env, name) => AsterFarm.Shared.Derivations.Derivation.Create(
                outputs.DistinctBy(o => o.Item1).Select(o => KeyValuePair.Create(o.Item1, o.Item2)),
                inputs.DistinctBy(i => i.Item1).Select(i => KeyValuePair.Create(i.Item1, (IEnumerable<string>)i.Item2)),
                srcs,
                system,
                builder,
                args,
                env.Where(e => e.Item1 != "name").DistinctBy(e => e.Item1).Select(e => KeyValuePair.Create(e.Item1, e.Item2))
                    .Append(KeyValuePair.Create("name", name))));

    /// <summary>Every file of the seed corpus kept in the repository.</summary>
    public static byte[][] Corpus { get; } =
        Directory.EnumerateFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Derivations", "Corpus"))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToArray();

    /// <summary>A corpus file after a few byte flips, truncations, insertions or splices with another file.</summary>
    public static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Corpus.Length - 1], Gen.Int[0, Corpus.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int, Gen.Int, Gen.Byte).Array[1, 4])
            .Select((a, b, mutations) =>
            {
                var bytes = new List<byte>(Corpus[a]);
                foreach (var (kind, x, y, value) in mutations)
                {
                    var at = bytes.Count == 0 ? 0 : (int)((uint)x % (uint)bytes.Count);
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0:
                            bytes[at] = (byte)(bytes[at] ^ (1 << (y & 7)));
                            break;
                        case 1:
                            bytes.RemoveRange(at, bytes.Count - at);
                            break;
                        case 2:
                            bytes.Insert(at, value);
                            break;
                        case 3 when bytes.Count > 0:
                            bytes[at] = (byte)"\"\\(),[]"[(int)((uint)y % 7)];
                            break;
                        default:
                            var other = Corpus[b];
                            var from = other.Length == 0 ? 0 : (int)((uint)y % (uint)other.Length);
                            bytes.RemoveRange(at, bytes.Count - at);
                            bytes.AddRange(other.AsSpan(from).ToArray());
                            break;
                    }
                }

                return bytes.ToArray();
            });
}
