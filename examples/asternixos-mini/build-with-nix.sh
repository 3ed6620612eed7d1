#!/usr/bin/env bash
# Builds AsterNixOS-mini with real Nix 2.8 (nix-build, not sandboxed): the reference AsterFarm's results are
# compared with. The aarch64-linux and riscv64-linux selftests run their cross-built builders under QEMU
# user-mode emulation, so the whole nix-build runs in a private user + mount namespace with its own
# binfmt_misc instance (Linux >= 6.7 gives each user namespace one) where qemu-<arch>-static is registered
# with the F flag. The host's binfmt registrations are never touched.
#
# Usage: build-with-nix.sh [--check] [more nix-build options]
#   --check   rebuild every derivation and let Nix compare each output with the one already built
#             (fails with "may not be deterministic" when they differ); build once without it first.
# Prints the output paths, one per attribute of default.nix, in attribute order.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# binfmt_misc entries for 64-bit little-endian ELF executables (and PIEs) of each machine, as Debian's
# qemu-user-binfmt registers them; F opens the interpreter now, so builds need not see its path.
elf64_magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00'
elf64_mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff'
register() { # name e_machine emulator
  printf '%s' ":$1:M::${elf64_magic}$2\\x00:${elf64_mask}\\xff\\xff:$3:F" > /proc/sys/fs/binfmt_misc/register
}

if [ "${1:-}" = --inside-private-namespace ]; then
  shift
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  register qemu-riscv64 '\xf3' "$(command -v qemu-riscv64-static)"
  register qemu-aarch64 '\xb7' "$(command -v qemu-aarch64-static)"
  # No substituters: everything is built here. build-users-group is empty because the namespace has no nixbld users.
  export NIX_CONFIG="substituters =
sandbox = false"
  exec nix-build "$here/default.nix" --no-out-link \
    --option sandbox false \
    --option build-users-group "" \
    --option extra-platforms "riscv64-linux aarch64-linux" \
    "$@"
fi

for tool in nix-build unshare qemu-riscv64-static qemu-aarch64-static riscv64-linux-gnu-gcc aarch64-linux-gnu-gcc x86_64-linux-gnu-gcc; do
  command -v "$tool" >/dev/null || {
    echo "build-with-nix.sh: $tool not found; run scripts/install-prerequisites.sh" >&2
    exit 1
  }
done

exec unshare --user --map-root-user --mount --propagation private -- "$0" --inside-private-namespace "$@"
