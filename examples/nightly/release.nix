# The nightly sample jobset: a miniature distribution for three architectures, without nixpkgs.
#
#   lib-<name>.<system>    x86_64-linux: a static library (src/lib/<name>.c) cross-compiled with Debian's gcc for
#                          <system>, against the headers of the libraries it depends on
#   prog-<name>.<system>   x86_64-linux: the test program of that library (src/prog/<name>.c), linked statically
#                          with the library and everything it depends on
#   test-<name>.<system>   <system>: the report of that program, whose builder *is* the cross-built program (so
#                          aarch64 and riscv64 run under QEMU)
#   asternixos-mini.*      the AsterNixOS-mini images (../asternixos-mini)
#
# 10 libraries with real dependencies (fmt needs str and math, json needs fmt and list, ...), so 30 jobs per
# system and 100 in all. Each source file is its own store path: changing one rebuilds exactly what depends on it.
# Argument `fail`: the attribute of a test job to make fail (e.g. "test-sort.aarch64-linux"), for demonstrations.
{ fail ? "" }:
let
  buildSystem = "x86_64-linux";
  hostPath = "/usr/bin:/bin";
  cflags = "-static -O2 -s -Wall -Werror";

  systems = {
    x86_64-linux = "x86_64-linux-gnu";
    aarch64-linux = "aarch64-linux-gnu";
    riscv64-linux = "riscv64-linux-gnu";
  };

  # Each library and the libraries it uses directly.
  libraries = {
    base = [ ];
    str = [ "base" ];
    math = [ "base" ];
    list = [ "base" ];
    fmt = [ "str" "math" ];
    hash = [ "str" ];
    queue = [ "list" ];
    json = [ "fmt" "list" ];
    crc = [ "base" ];
    sort = [ "list" ];
  };

  file = path: builtins.path { inherit path; name = baseNameOf (toString path); };

  # A library and everything it depends on, each once, dependencies after their users (link order).
  closure = name: let
    go = seen: names: builtins.foldl' (acc: n: if builtins.elem n acc then acc else go (acc ++ [ n ]) libraries.${n}) seen names;
  in go [ ] [ name ];

  library = system: triple: name: derivation {
    name = "nightly-lib-${name}-${system}";
    system = buildSystem;
    builder = "/bin/sh";
    PATH = hostPath;
    source = file (./src/lib + "/${name}.c");
    header = file (./src/lib + "/${name}.h");
    includes = map (dep: "${libs.${system}.${dep}}/include") (builtins.tail (closure name));
    args = [ "-ec" ''
      mkdir -p $out/lib $out/include work
      cp $header $out/include/${name}.h
      flags=""
      for dir in $includes; do flags="$flags -I$dir"; done
      /usr/bin/${triple}-gcc ${cflags} -I$out/include $flags -c -o work/${name}.o $source
      /usr/bin/${triple}-ar rcsD $out/lib/lib${name}.a work/${name}.o
    '' ];
  };

  program = system: triple: name: derivation {
    name = "nightly-prog-${name}-${system}";
    system = buildSystem;
    builder = "/bin/sh";
    PATH = hostPath;
    source = file (./src/prog + "/${name}.c");
    libraries = map (dep: libs.${system}.${dep}) (closure name);
    include = "${libs.${system}.${name}}/include";
    args = [ "-ec" ''
      mkdir -p $out/bin
      archives=""
      for lib in $libraries; do archives="$archives $lib/lib/*.a"; done
      /usr/bin/${triple}-gcc ${cflags} -I$include -o $out/bin/${name} $source $archives
    '' ];
  };

  test = system: name: derivation ({
    name = "nightly-test-${name}-${system}";
    inherit system;
    builder = "${programs.${system}.${name}}/bin/${name}";
  } // (if fail == "test-${name}.${system}" then { NIGHTLY_FAIL = "1"; } else { }));

  perSystem = f: builtins.mapAttrs (system: triple: builtins.listToAttrs
    (map (name: { inherit name; value = f system triple name; }) (builtins.attrNames libraries))) systems;

  libs = perSystem library;
  programs = perSystem program;
  tests = perSystem (system: _: name: test system name);

  # { lib-base = { x86_64-linux = ...; ... }; ... }: one attribute per library and kind, one job per system.
  jobs = kind: set: builtins.listToAttrs (map (name: {
    name = "${kind}-${name}";
    value = builtins.mapAttrs (system: _: set.${system}.${name}) systems;
  }) (builtins.attrNames libraries));
in
jobs "lib" libs
// jobs "prog" programs
// jobs "test" tests
// { asternixos-mini = import ../asternixos-mini; }
