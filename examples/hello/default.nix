# A tiny derivation set for the quick start: no nixpkgs, builders are the host's /bin/sh.
# `nix-instantiate examples/hello` writes the .drv files that `asterfarm drv show` reads.
let
  source = builtins.toFile "greeting.txt" "hello from AsterFarm\n";

  fetched = derivation {
    name = "greeting-fixed";
    system = "x86_64-linux";
    builder = "/bin/sh";
    args = [ "-c" "printf 'hello world\\n' > $out" ];
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
  };

  base = derivation {
    name = "base-1.0";
    system = "x86_64-linux";
    builder = "/bin/sh";
    outputs = [ "out" "dev" ];
    args = [ "-c" "echo base > $out; /bin/mkdir $dev; echo $out > $dev/ref" ];
  };
in
derivation {
  name = "hello-2.12";
  system = "x86_64-linux";
  builder = "/bin/sh";
  args = [ "-c" "/bin/mkdir -p $out/share; /bin/cat ${source} ${fetched} > $out/share/greeting; echo ${base.dev} > $out/share/dep" ];
  note = "quote\" backslash\\ tab\t unicode-é";
}
