# AsterNixOS-mini: a miniature AsterNixOS image build, without nixpkgs, for three architectures.
#
#   userland-<arch>   x86_64-linux: the C userland (init, hello, selftest) cross-compiled statically with
#                     Debian's gcc for <arch> (impure host paths under /usr; sources come from ./src)
#   selftest-<arch>   <arch>-linux: the report of the selftest program, whose builder *is* the cross-built
#                     selftest (so aarch64 and riscv64 run under QEMU), exec'ing the cross-built hello
#   initramfs-<arch>  x86_64-linux: the bootable image, a deterministic newc cpio written by mkinitramfs
#   tools             x86_64-linux: mkinitramfs, the archive writer
#
# Every output is deterministic: the same NAR hash on every build, by nix-build or by AsterFarm.
# `nix-instantiate examples/asternixos-mini` lists every derivation; build-with-nix.sh builds them with Nix.
let
  buildSystem = "x86_64-linux";

  src = builtins.path { path = ./src; name = "asternixos-mini-src"; };

  # Where host programs are: Debian's gcc, its cross compilers and coreutils (Nix's default PATH is unset).
  hostPath = "/usr/bin:/bin";

  architectures = {
    x86_64 = { system = "x86_64-linux"; cc = "/usr/bin/x86_64-linux-gnu-gcc"; };
    aarch64 = { system = "aarch64-linux"; cc = "/usr/bin/aarch64-linux-gnu-gcc"; };
    riscv64 = { system = "riscv64-linux"; cc = "/usr/bin/riscv64-linux-gnu-gcc"; };
  };

  # Static, stripped, optimised: nothing of the build directory or the machine ends up in the binary.
  cflags = "-static -O2 -s -Wall -Werror";

  tools = derivation {
    name = "asternixos-mini-tools";
    system = buildSystem;
    builder = "/bin/sh";
    PATH = hostPath;
    inherit src;
    args = [ "-ec" ''
      mkdir -p $out/bin
      /usr/bin/x86_64-linux-gnu-gcc ${cflags} -o $out/bin/mkinitramfs $src/mkinitramfs.c
    '' ];
  };

  userland = arch: { cc, ... }: derivation {
    name = "asternixos-mini-userland-${arch}";
    system = buildSystem;
    builder = "/bin/sh";
    PATH = hostPath;
    inherit src cc;
    args = [ "-ec" ''
      mkdir -p $out/bin
      for program in init hello selftest; do
        $cc ${cflags} -o $out/bin/$program $src/$program.c
      done
    '' ];
  };

  selftest = arch: { system, ... }: derivation {
    name = "asternixos-mini-selftest-${arch}";
    inherit system;
    builder = "${userlands.${arch}}/bin/selftest";
    args = [ "${userlands.${arch}}/bin/hello" ];
  };

  initramfs = arch: _: derivation {
    name = "asternixos-mini-initramfs-${arch}";
    system = buildSystem;
    builder = "${tools}/bin/mkinitramfs";
    args = [
      "initramfs.cpio"
      "d:bin:755"
      "d:dev:755"
      "d:etc:755"
      "c:dev/console:600:5:1"
      "f:init:755:${userlands.${arch}}/bin/init"
      "f:bin/hello:755:${userlands.${arch}}/bin/hello"
      "f:bin/selftest:755:${userlands.${arch}}/bin/selftest"
      "f:etc/os-release:644:${src}/os-release"
      "f:etc/selftest-report:644:${selftests.${arch}}"
    ];
  };

  userlands = builtins.mapAttrs userland architectures;
  selftests = builtins.mapAttrs selftest architectures;
  images = builtins.mapAttrs initramfs architectures;

  prefixed = prefix: set: builtins.listToAttrs
    (map (arch: { name = "${prefix}-${arch}"; value = set.${arch}; }) (builtins.attrNames set));
in
{ inherit tools; }
// prefixed "userland" userlands
// prefixed "selftest" selftests
// prefixed "initramfs" images
