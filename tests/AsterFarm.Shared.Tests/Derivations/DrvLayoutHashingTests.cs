using System.Security.Cryptography;
using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;
using CsCheck;

namespace AsterFarm.Shared.Tests.Derivations;

/// <summary>The byte-slice hashing view (<see cref="DrvLayout"/>) gives exactly the model-based hashes.</summary>
public sealed class DrvLayoutHashingTests
{
    private static readonly StoreDir Store = StoreDir.Default;
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes(Store.Path + "/");

    [Theory]
    [MemberData(nameof(DrvVectors.Names), MemberType = typeof(DrvVectors))]
    public void Vector_files_hash_as_their_models(string baseName) =>
        AssertSameAsModel(DrvVectors.Read(baseName), mustScan: false);

    [Fact]
    public void Canonical_vectors_take_the_fast_path()
    {
        // Plain input-addressed and fixed-output files must not silently fall back to the model.
        Assert.NotNull(DrvLayoutScanner.TryScan(DrvVectors.Read("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv"), Prefix));
        Assert.NotNull(DrvLayoutScanner.TryScan(DrvVectors.Read("z0n1y5mnplfybspva848fqiasccad40j-fod-flat.drv"), Prefix));
    }

    [Fact]
    public void Generated_derivations_hash_as_their_models()
    {
        var scanned = 0;
        DerivationGenerators.Derivation.Sample(drv =>
        {
            scanned += AssertSameAsModel(DerivationPrinter.Print(drv, Store), mustScan: false) ? 1 : 0;
        }, iter: 3000);
        Assert.True(scanned > 100, $"only {scanned} generated derivations took the fast path");
    }

    [Fact]
    public void Parallel_and_sequential_closures_of_the_vectors_agree()
    {
        var complete = new List<StorePath>();
        foreach (var root in DerivationClosure.ListDirectory(DrvVectors.Directory))
        {
            var sequential = new DerivationClosure(Store, ReadVector) { Sequential = true };
            var parallel = DerivationClosure.FromDirectory(Store, DrvVectors.Directory);
            try
            {
                AssertSameResults(sequential.VerifyAll([root]), parallel.VerifyAll([root]));
                Assert.Equal(sequential.Hasher.HashModulo(root).OutputHashes, parallel.Hasher.HashModulo(root).OutputHashes);
                complete.Add(root);
            }
            catch (DerivationClosureException e)
            {
                // Some vectors lack their inputs: the parallel path must report exactly the same.
                Assert.Equal(e.Message, Assert.Throws<DerivationClosureException>(() => parallel.VerifyAll([root])).Message);
            }
        }

        Assert.True(complete.Count > 5);
        var all = new DerivationClosure(Store, ReadVector);
        AssertSameResults(new DerivationClosure(Store, ReadVector) { Sequential = true }.VerifyAll(complete), all.VerifyAll(complete));
    }

    [Fact]
    public void Closures_verified_in_steps_use_the_memoised_inputs()
    {
        // The second call sees inputs hashed by the first as memoised ("known") nodes.
        var roots = new List<StorePath>();
        foreach (var root in DerivationClosure.ListDirectory(DrvVectors.Directory))
        {
            try
            {
                new DerivationClosure(Store, ReadVector) { Sequential = true }.VerifyAll([root]);
                roots.Add(root);
            }
            catch (DerivationClosureException)
            {
                // A vector without its inputs.
            }
        }

        var stepwise = new DerivationClosure(Store, ReadVector);
        var results = new List<DerivationVerification>();
        foreach (var root in roots)
        {
            results.AddRange(stepwise.VerifyAll([root]));
        }

        AssertSameResults(new DerivationClosure(Store, ReadVector) { Sequential = true }.VerifyAll(roots), results);
    }

    [Fact]
    public void Wrong_stated_paths_give_the_same_mismatches()
    {
        const string multi = "m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv";
        var tampered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var root in DerivationClosure.ListDirectory(DrvVectors.Directory))
        {
            tampered[root.BaseName] = DrvVectors.Read(root.BaseName);
        }

        // Same length, other hash: the file still scans, its output path and env entry no longer match.
        var text = Encoding.UTF8.GetString(tampered[multi]);
        var path = Store.Print(DerivationParser.Parse(tampered[multi], Store).Outputs["out"].Path!.Value);
        tampered[multi] = Encoding.UTF8.GetBytes(text.Replace(path, Store.Path + "/" + new string('0', 32) + path[(Store.Path.Length + 33)..], StringComparison.Ordinal));
        byte[]? Read(StorePath p) => tampered.GetValueOrDefault(p.BaseName);

        var fast = new DerivationClosure(Store, Read).VerifyAll([StorePath.Parse(multi)]);
        var slow = new DerivationClosure(Store, Read) { Sequential = true }.VerifyAll([StorePath.Parse(multi)]);

        AssertSameResults(slow, fast);
        Assert.NotEmpty(fast[^1].Mismatches);
    }

    [Fact]
    public void Missing_inputs_are_reported_as_before()
    {
        var multi = StorePath.Parse("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv");
        byte[]? Read(StorePath p) => p == multi ? DrvVectors.Read(p.BaseName) : null;

        var fast = Assert.Throws<DerivationClosureException>(() => new DerivationClosure(Store, Read).VerifyAll([multi]));
        var slow = Assert.Throws<DerivationClosureException>(() => new DerivationClosure(Store, Read) { Sequential = true }.VerifyAll([multi]));

        Assert.Equal(slow.Message, fast.Message);
    }

    private static byte[]? ReadVector(StorePath path)
    {
        var file = Path.Combine(DrvVectors.Directory, path.BaseName);
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    private static void AssertSameResults(IReadOnlyList<DerivationVerification> expected, IReadOnlyList<DerivationVerification> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].DrvPath, actual[i].DrvPath);
            Assert.Equal(expected[i].ComputedDrvPath, actual[i].ComputedDrvPath);
            Assert.Equal(expected[i].OutputPaths, actual[i].OutputPaths);
            Assert.Equal(expected[i].Mismatches, actual[i].Mismatches);
        }
    }

    // Scans the file and, when it takes the fast path, compares drv path and both modulo hashes with the model's.
    // Inputs get made-up hashes, some shared, so that merged hex keys are exercised too.
    private static bool AssertSameAsModel(byte[] bytes, bool mustScan)
    {
        var layout = DrvLayoutScanner.TryScan(bytes, Prefix);
        Assert.True(layout is not null || !mustScan);
        if (layout is null)
        {
            return false;
        }

        var drv = DerivationParser.Parse(bytes, Store);
        using var hasher = new DrvLayoutHasher(Store);
        if (StorePathName.TryValidate(drv.Name + ".drv", out _))
        {
            Assert.Equal(DerivationHashes.DrvPath(Store, drv, bytes), hasher.DrvPath(bytes, layout, drv.Name));
        }
        else
        {
            Assert.Throws<FormatException>(() => hasher.DrvPath(bytes, layout, drv.Name));
        }

        Span<byte> unmasked = stackalloc byte[32];
        if (layout.IsFixedOutput)
        {
            hasher.FixedHash(bytes, layout, unmasked);
            var fixedOutput = (Shared.Derivations.Outputs.FixedOutput)drv.Outputs["out"];
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(
                $"fixed:out:{fixedOutput.HashAlgoField}:{fixedOutput.HashField}:{Store.Print(fixedOutput.OutputPath)}"));
            Assert.Equal(expected, unmasked.ToArray());
            return true;
        }

        var pairs = new List<(string Hex, string Output)>();
        hasher.EnsureWanted(layout.Wanted.Length);
        var inputs = drv.InputDrvs.KeySpan;
        for (var i = 0; i < inputs.Length; i++)
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(inputs[i].BaseName[..1]));
            var hex = Convert.ToHexStringLower(digest);
            for (var k = layout.WantedStart[i]; k < layout.WantedStart[i + 1]; k++)
            {
                digest.CopyTo(hasher.WantedDigest(k));
                pairs.Add((hex, Encoding.UTF8.GetString(layout.Wanted[k].Of(bytes))));
            }
        }

        var replaced = pairs.GroupBy(p => p.Hex)
            .Select(g => KeyValuePair.Create(g.Key, g.Select(p => p.Output).ToNixOrderedSet()))
            .ToNixOrderedDictionary();
        Span<byte> masked = stackalloc byte[32];
        hasher.ModuloHashes(bytes, layout, unmasked, masked);
        Assert.Equal(SHA256.HashData(DerivationPrinter.PrintModulo(drv, Store, replaced, maskOutputs: false)), unmasked.ToArray());
        Assert.Equal(SHA256.HashData(DerivationPrinter.PrintModulo(drv, Store, replaced, maskOutputs: true)), masked.ToArray());
        return true;
    }
}
