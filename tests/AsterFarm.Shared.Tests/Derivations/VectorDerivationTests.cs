using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Derivations;

public sealed class VectorDerivationTests
{
    private static readonly StoreDir Store = StoreDir.Default;

    [Theory]
    [MemberData(nameof(DrvVectors.Names), MemberType = typeof(DrvVectors))]
    public void Every_vector_prints_back_to_the_bytes_nix_wrote(string baseName)
    {
        var bytes = DrvVectors.Read(baseName);

        var drv = DerivationParser.Parse(bytes, Store);

        Assert.Equal(bytes, DerivationPrinter.Print(drv, Store));
    }

    [Theory]
    [MemberData(nameof(DrvVectors.Names), MemberType = typeof(DrvVectors))]
    public void Every_vector_is_named_by_the_drv_path_computed_from_its_bytes(string baseName)
    {
        var bytes = DrvVectors.Read(baseName);
        var drv = DerivationParser.Parse(bytes, Store);

        var path = DerivationHashes.DrvPath(Store, drv, bytes);

        Assert.Equal(baseName, path.BaseName);
        Assert.Equal(baseName, DerivationHashes.DrvPath(Store, drv).BaseName);
    }

    [Theory]
    [InlineData("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv")]
    [InlineData("59d5ldl7q31pbv65zjdps9jadl1pilz8-base.drv")]
    [InlineData("z0n1y5mnplfybspva848fqiasccad40j-fod-flat.drv")]
    [InlineData("7mpszf3l102g6rhiszggrsd29sna4wq6-fod-rec.drv")]
    [InlineData("3gm0k3xqc134q25b6kky0hpx09wn1pd2-fod-rec-sha1.drv")]
    [InlineData("wjka0bv2kkskkq2a7f6xdb1ql829hvbr-hello-spec.drv")]
    [InlineData("gy8xdndnyci5d07d2grynnmjsdpjgwfb-structured.drv")]
    [InlineData("wabaj1q06ham9vz38nn351dcpd5n8w2p-coerce.drv")]
    [InlineData("13bykq03pcxwc2npw294hdwv7kv26l09-advanced-attributes-defaults.drv")]
    public void Recomputed_output_paths_and_env_entries_match_the_vector(string baseName)
    {
        var closure = DerivationClosure.FromDirectory(Store, DrvVectors.Directory);

        var result = closure.Verify(StorePath.Parse(baseName));

        Assert.True(result.IsValid, string.Join("; ", result.Mismatches));
        var drv = DerivationParser.Parse(DrvVectors.Read(baseName), Store);
        foreach (var (name, output) in drv.Outputs)
        {
            Assert.Equal(output.Path, result.OutputPaths[name]);
        }
    }

    [Fact]
    public void Masked_modulo_aterm_of_multi_is_the_one_in_the_spec()
    {
        var drv = DerivationParser.Parse(DrvVectors.Read("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv"), Store);
        var replaced = new[]
        {
            KeyValuePair.Create("697e75cbb7f814c2f0a10b0e640a6512a2cbc8325318c227fcf33c2c36eac46b", (IEnumerable<string>)["dev", "out"]),
            KeyValuePair.Create("d02d84d2eec22b7d0c8ba9851409c1dc39c4b3de6b037db4bd5f4c1137330e44", (IEnumerable<string>)["out"]),
        }.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.ToNixOrderedSet())).ToNixOrderedDictionary();

        var masked = DerivationPrinter.PrintModulo(drv, Store, replaced, maskOutputs: true);

        Assert.Equal(SpecExamples.MultiMaskedModulo, System.Text.Encoding.UTF8.GetString(masked));
    }

    [Fact]
    public void Hash_modulo_of_multi_and_its_inputs_match_the_spec()
    {
        var closure = DerivationClosure.FromDirectory(Store, DrvVectors.Directory);
        var multi = DerivationParser.Parse(DrvVectors.Read("m41sp9zlb96samgbxz4xsf1pdavn3acq-multi.drv"), Store);

        var masked = closure.Hasher.HashModulo(multi, maskOutputs: true);
        var basePath = closure.Hasher.HashModulo(StorePath.Parse("59d5ldl7q31pbv65zjdps9jadl1pilz8-base.drv"));
        var fod = closure.Hasher.HashModulo(StorePath.Parse("z0n1y5mnplfybspva848fqiasccad40j-fod-flat.drv"));

        Assert.Equal("e64d9e77c5927218a32f8c8da77838b32bd56b703e0ed2059ef957bbc3f7ace4", masked.OutputHashes["out"].ToBase16());
        Assert.Equal("697e75cbb7f814c2f0a10b0e640a6512a2cbc8325318c227fcf33c2c36eac46b", basePath.OutputHashes["dev"].ToBase16());
        Assert.Equal("d02d84d2eec22b7d0c8ba9851409c1dc39c4b3de6b037db4bd5f4c1137330e44", fod.OutputHashes["out"].ToBase16());
        Assert.False(masked.IsDeferred);
    }

    [Fact]
    public void Output_shapes_of_the_vectors_are_recognised()
    {
        var floating = DerivationParser.Parse(DrvVectors.Read("13bykq03pcxwc2npw294hdwv7kv26l09-advanced-attributes-defaults.drv"), Store);
        var fod = DerivationParser.Parse(DrvVectors.Read("3gm0k3xqc134q25b6kky0hpx09wn1pd2-fod-rec-sha1.drv"), Store);

        Assert.Equal(new FloatingOutput(FileIngestionMethod.Recursive, AsterFarm.Shared.Hashing.HashAlgo.Sha256), floating.Outputs["out"]);
        Assert.Equal(DerivationType.Floating, floating.Type);
        var fixedOutput = Assert.IsType<FixedOutput>(fod.Outputs["out"]);
        Assert.Equal(FileIngestionMethod.Recursive, fixedOutput.Method);
        Assert.Equal("r:sha1", fixedOutput.HashAlgoField);
        Assert.Equal(DerivationType.FixedOutput, fod.Type);
    }

    [Fact]
    public void Placeholders_match_the_spec()
    {
        Assert.Equal("/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9", DerivationHashes.Placeholder("out"));
        Assert.Equal("/02qcpld1y6xhs5gz9bchpxaw0xdhmsp5dv88lh25r2ss44kh8dxz", DerivationHashes.Placeholder("dev"));
    }
}
