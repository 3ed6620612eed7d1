using AsterFarm.Builder.Realisation;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Realisation;

public sealed class VerifiedDerivationsTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Fact]
    public void Only_derivations_whose_bytes_and_outputs_checked_out_are_remembered()
    {
        var texts = new Dictionary<StorePath, byte[]>();
        var honest = Add(texts, FixedOutput("honest", "a"));
        var wrongOutput = Add(texts, FixedOutput("wrong-output", "b", statedPath: Store.MakeFixedOutputPath(FileIngestionMethod.Flat, NixHash.Sha256("other"), "wrong-output")));
        var forgedPath = Add(texts, FixedOutput("forged", "c"), storedUnder: Add(new Dictionary<StorePath, byte[]>(), FixedOutput("forged", "real")));
        var closure = new DerivationClosure(Store, texts.GetValueOrDefault);
        var memo = new VerifiedDerivations(capacity: 10);

        memo.AddValid(closure, closure.VerifyAll([honest, wrongOutput, forgedPath]));

        Assert.True(memo.TryGet(honest, out var entry), "the honest derivation was not remembered");
        Assert.Equal(closure.ModuloHashOf(honest), entry.UnmaskedHash);
        Assert.False(memo.TryGet(wrongOutput, out _), "a derivation stating an output path Nix does not compute was remembered");
        Assert.False(memo.TryGet(forgedPath, out _), "bytes that do not hash to their path were remembered under it");
        Assert.Equal(1, memo.Count);
    }

    [Fact]
    public void Beyond_its_capacity_the_least_recently_used_derivation_is_forgotten()
    {
        var texts = new Dictionary<StorePath, byte[]>();
        var first = Add(texts, FixedOutput("first", "1"));
        var second = Add(texts, FixedOutput("second", "2"));
        var third = Add(texts, FixedOutput("third", "3"));
        var closure = new DerivationClosure(Store, texts.GetValueOrDefault);
        var memo = new VerifiedDerivations(capacity: 2);
        memo.AddValid(closure, closure.VerifyAll([first, second]));
        Assert.True(memo.TryGet(first, out _));

        memo.AddValid(closure, closure.VerifyAll([third]));

        Assert.True(memo.TryGet(first, out _), "the derivation used last was forgotten");
        Assert.False(memo.TryGet(second, out _), "the least recently used derivation was kept beyond the capacity");
        Assert.True(memo.TryGet(third, out _), "the newest derivation was not remembered");
        Assert.Equal(2, memo.Count);
    }

    [Fact]
    public void A_capacity_of_zero_remembers_nothing()
    {
        var texts = new Dictionary<StorePath, byte[]>();
        var drv = Add(texts, FixedOutput("any", "x"));
        var closure = new DerivationClosure(Store, texts.GetValueOrDefault);
        var memo = new VerifiedDerivations(capacity: 0);

        memo.AddValid(closure, closure.VerifyAll([drv]));

        Assert.False(memo.TryGet(drv, out _));
    }

    // A fixed-output derivation (its output path depends on its content hash only), optionally stating a wrong path.
    private static Derivation FixedOutput(string name, string content, StorePath? statedPath = null)
    {
        var hash = NixHash.Sha256(content);
        var path = statedPath ?? Store.MakeFixedOutputPath(FileIngestionMethod.Flat, hash, name);
        return Derivation.Create(
            [KeyValuePair.Create("out", (DerivationOutput)new FixedOutput(path, FileIngestionMethod.Flat, hash))],
            [],
            [],
            "x86_64-linux",
            "/bin/sh",
            ["-c", "true"],
            [KeyValuePair.Create("name", name), KeyValuePair.Create("out", Store.Print(path))]);
    }

    // Stores the derivation's bytes under its own drv path, or under storedUnder (a forgery); returns that path.
    private static StorePath Add(Dictionary<StorePath, byte[]> texts, Derivation derivation, StorePath? storedUnder = null)
    {
        var bytes = DerivationPrinter.Print(derivation, Store);
        var path = storedUnder ?? DerivationHashes.DrvPath(Store, derivation, bytes);
        texts[path] = bytes;
        return path;
    }
}
