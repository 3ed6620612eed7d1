# Trivial derivations for the end-to-end farm benchmark (bench/farm/run.sh): no nixpkgs, builders are /bin/sh.
#   chain:  count derivations, each depending on the previous one;
#   fanin:  count independent leaves and one root depending on all of them.
# The nonce makes fresh derivations (new output paths) for every run, so neither side finds anything built.
{ shape ? "chain", count ? 200, nonce ? "0" }:
let
  mk = name: deps: derivation {
    inherit name;
    system = "x86_64-linux";
    builder = "/bin/sh";
    args = [ "-c" "echo ${nonce} ${toString deps} > $out" ];
  };
  chain = n: if n == 0 then mk "chain-0" [ ] else mk "chain-${toString n}" [ (chain (n - 1)) ];
  leaves = builtins.genList (i: mk "leaf-${toString i}" [ ]) count;
in
if shape == "chain" then chain (count - 1)
else if shape == "fanin" then mk "fanin-root" leaves
else throw "shape must be chain or fanin"
