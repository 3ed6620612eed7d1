# The cache benchmark's test closure: deterministic pseudo-random bytes (AES-256-CTR keystream of a fixed key,
# cut with /usr/bin/head -c), so every run and every machine builds the same store paths.
#   small : `count` paths of 0.5–16 KiB (narinfo load; the first 20 ride along in the upload closure)
#   big1g : one 1 GiB file (NAR download, upload)
#   big4g : one 4 GiB file (memory while serving)
{ count ? 300, seed ? "asterfarm-cachebench-1" }:
let
  keyOf = name: builtins.hashString "sha256" "${seed}/${name}";
  random = name: bytes: derivation {
    inherit name;
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "/usr/bin/openssl enc -aes-256-ctr -K ${keyOf name} -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null | /usr/bin/head -c ${toString bytes} > $out" ];
  };
  sizeOf = i: 512 + (i * 7919) - ((i * 7919) / 15872) * 15872;
in {
  small = builtins.genList (i: random "cachebench-small-${toString i}" (sizeOf i)) count;
  big1g = random "cachebench-big-1g" 1073741824;
  big4g = random "cachebench-big-4g" 4294967296;
}
