namespace AsterFarm.Shared.Tests.Derivations;

/// <summary>Strings quoted verbatim from shared/nix-formats.md.</summary>
internal static class SpecExamples
{
    /// <summary>§5.3: the masked modulo ATerm of multi.drv.</summary>
    public const string MultiMaskedModulo =
        "Derive([(\"doc\",\"\",\"\",\"\"),(\"lib\",\"\",\"\",\"\"),(\"out\",\"\",\"\",\"\")],[(\"697e75cbb7f814c2f0a10b0e640a6512a2cbc8325318c227fcf33c2c36eac46b\",[\"dev\",\"out\"]),(\"d02d84d2eec22b7d0c8ba9851409c1dc39c4b3de6b037db4bd5f4c1137330e44\",[\"out\"])],[\"/nix/store/c6qr32nd1zkk46pb0sjlbwjmgmvkkdng-script.sh\"],\"x86_64-linux\",\"/bin/sh\",[\"-e\",\"/nix/store/c6qr32nd1zkk46pb0sjlbwjmgmvkkdng-script.sh\"],[(\"bigtext\",\"passed as file\"),(\"builder\",\"/bin/sh\"),(\"dep\",\"/nix/store/l6dgbq7w9d4b9xpi0a487swvsh2z6f90-base-dev\"),(\"dep2\",\"/nix/store/4z6wi91sx5vim3ybi1kyy9ga9dnzl4hp-base\"),(\"doc\",\"\"),(\"fod\",\"/nix/store/ab5qfc8kkckysdiiv6l2i1981asqnn3l-fod-flat\"),(\"lib\",\"\"),(\"name\",\"multi\"),(\"out\",\"\"),(\"outputs\",\"out lib doc\"),(\"passAsFile\",\"bigtext\"),(\"system\",\"x86_64-linux\"),(\"weird\",\"quote\\\" backslash\\\\ newline\\n tab\\t cr\\r dollar$ unicode-é\")])";
}
