namespace AsterFarm.Integration.Tests.RealNix;

public sealed class DerivationsMatchNixTests
{
    private const string Expression = """
        let
          common = { system = "x86_64-linux"; builder = "/bin/sh"; };
          dep = derivation (common // { name = "dep"; outputs = [ "out" "dev" "lib" ]; args = [ "-c" "x" ]; });
          src = builtins.toFile "src.sh" "echo from a toFile source";
          fodFlat = derivation (common // { name = "fod-flat"; outputHashMode = "flat"; outputHashAlgo = "sha256";
            outputHash = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447"; });
          fodRec = derivation (common // { name = "fod-rec"; outputHashMode = "recursive"; outputHashAlgo = "sha256";
            outputHash = "34ca3ac63094d1d5751f741101692a78f95eedf10744b088129fc324dfd0f603"; });
          fodSha1 = derivation (common // { name = "fod-sha1"; outputHashAlgo = "sha1";
            outputHash = "22596363b3de40b06f981fb85d82312e8c0ed511"; });
          fodRecSha1 = derivation (common // { name = "fod-rec-sha1"; outputHashMode = "recursive"; outputHashAlgo = "sha1";
            outputHash = "d3940248144d04a2341257dc71876d78edbe76b8"; });
          fodSri = derivation (common // { name = "fod-sri";
            outputHash = "sha256-qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc="; });
          weird = derivation (common // {
            name = "weird";
            args = [ "-c" "quote\" backslash\\ newline\n tab\t cr\r dollar\$ unicode-é 😀 \u{E000}" ];
            weird = "quote\" backslash\\ newline\n tab\t cr\r dollar\$ unicode-é 😀";
            "é-key" = "1"; "😀" = "2"; "" = "3";
            big = builtins.concatStringsSep "" (builtins.genList (i: "0123456789abcdef") 65536);
          });
          structured = derivation (common // {
            name = "structured"; __structuredAttrs = true; outputs = [ "out" "dev" ];
            aList = [ 1 "two" true null 1.5 ]; anAttrs = { x = "y"; }; quote = "a \"b\" \\ c";
          });
          top = derivation (common // {
            name = "top"; outputs = [ "out" "doc" ];
            args = [ "-e" src ];
            a = dep.dev; b = dep.lib; c = dep; f = fodFlat; r = fodRec; s1 = fodSha1; s2 = fodSri; w = weird;
            st = structured.dev;
          });
        in [ dep fodFlat fodRec fodSha1 fodRecSha1 fodSri weird structured top ]
        """;

    [Fact]
    public void Derivations_written_by_nix_round_trip_and_hash_to_nix_paths()
    {
        // The \u{E000} above is not Nix syntax; it is replaced here by the raw character.
        var expression = Expression.Replace("\\u{E000}", "\uE000", StringComparison.Ordinal);

        var drvPaths = NixDerivations.Instantiate(expression);

        Assert.Equal(9, drvPaths.Count);
        NixDerivations.AssertWeAgreeWithNix(drvPaths, expression);
    }
}
