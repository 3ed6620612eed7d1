# Trivial derivations for the end-to-end farm benchmark (bench/farm/run.sh): no nixpkgs, builders are /bin/sh.
#   chain:     count derivations, each reading the previous one's output (its output does not refer to it);
#   chain-ref: the same, but each output names the previous one, so the n-th build's input closure has n paths;
#   fanin:     count independent leaves and one root that names all of them.
# The nonce makes fresh derivations (new output paths) for every run, so neither side finds anything built.
{ shape ? "chain", count ? 200, nonce ? "0" }:
let
  mk = name: script: derivation {
    inherit name;
    system = "x86_64-linux";
    builder = "/bin/sh";
    args = [ "-c" script ];
  };
  # Shell built-ins only: `read` fails on a missing input, and the output gets the input's length, not its path.
  reads = dep: "read line < ${dep} && echo ${nonce} \${#line} > $out";
  names = deps: "echo ${nonce} ${toString deps} > $out";
  chain = step: n:
    let name = "chain-${toString n}";
    in if n == 0 then mk name "echo ${nonce} > $out" else mk name (step (chain step (n - 1)));
  leaves = builtins.genList (i: mk "leaf-${toString i}" "echo ${nonce} ${toString i} > $out") count;
in
if shape == "chain" then chain reads (count - 1)
else if shape == "chain-ref" then chain (dep: names [ dep ]) (count - 1)
else if shape == "fanin" then mk "fanin-root" (names leaves)
else throw "shape must be chain, chain-ref or fanin"
