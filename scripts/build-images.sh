#!/usr/bin/env bash
# Builds AsterFarm's container images with no registry: a Debian 12 root filesystem made by mmdebstrap from the
# Debian archive is imported as a local base image (docker import), and the Dockerfiles in images/ build FROM it
# with the self-contained `dotnet publish` output of both programs.
#
#   scripts/build-images.sh [--arch amd64|arm64|all] [--tag TAG] [--postgres]
#
# Images (TAG default "dev"; for a registry, retag and push them, see README "Deploy on Kubernetes"):
#   asterfarm:TAG-ARCH           the coordinator (asterfarm coordinator | up), non-root (uid 10001)
#   asterfarm-builder:TAG-ARCH   the builder (asterfarm-builder node) with bubblewrap, qemu-user-static and the
#                                Debian toolchains the builds' impure host paths use ($ASTERFARM_BUILDER_TOOLCHAIN)
#   asterfarm-postgres:TAG       (--postgres, amd64) Debian's PostgreSQL, for trials and the deployment tests
# plus asterfarm:TAG and asterfarm-builder:TAG for the machine's own architecture.
#
# Base images are cached by content: asterfarm-rootfs:<role>-<arch>-<sha of the package list and sources> is made
# only when it does not exist yet, so a rebuild without changes takes seconds (publish + layer cache).
# linux/arm64 images: the publish and the root filesystem (unpacked without running maintainer scripts, mmdebstrap
# --variant=extract, enough for a self-contained program and static tools) work here, but the engine must record the
# foreign platform (see the check below); Debian 12's Engine 20.10 does not, so they are not built on this machine.
# Needs root (mmdebstrap, docker), docker.io, mmdebstrap and the .NET SDK; prints the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."

arches=(amd64)
tag=dev
postgres=false
while (($#)); do
  case $1 in
    --arch) shift; [[ ${1:-} == all ]] && arches=(amd64 arm64) || arches=("${1:?--arch needs amd64, arm64 or all}") ;;
    --tag) shift; tag=${1:?--tag needs a value} ;;
    --postgres) postgres=true ;;
    *) echo "build-images.sh: unknown argument '$1' (see the header of $0)" >&2; exit 1 ;;
  esac
  shift
done
for tool in docker mmdebstrap dotnet; do
  command -v "$tool" >/dev/null || { echo "build-images.sh: $tool is missing (scripts/install-prerequisites.sh installs docker.io and mmdebstrap)" >&2; exit 1; }
done
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || { echo "build-images.sh: the Docker engine does not answer (scripts/start-dockerd.sh starts it)" >&2; exit 1; }

# An image for another platform must carry that platform in its configuration. Engine 20.10 without experimental
# mode records its own (amd64) on `docker import --platform` and on every step of the classic builder, and refuses a
# COPY onto a foreign-platform base: a linux/arm64 image cannot be made correctly there, so say so instead.
for arch in "${arches[@]}"; do
  if [[ $arch != "$(dpkg --print-architecture)" && $(docker version --format '{{.Server.Experimental}}') != true ]]; then
    echo "build-images.sh: linux/$arch images need an engine that records foreign platforms (dockerd --experimental, or Docker >= 23 with buildx); this one would label them $(dpkg --print-architecture)" >&2
    exit 1
  fi
done

suite=bookworm
sources="deb http://deb.debian.org/debian $suite main
deb http://deb.debian.org/debian $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main"
# tini is PID 1: it forwards SIGTERM to the program and reaps the sandboxes' orphans.
runtime_packages="ca-certificates libicu72 libssl3 tini"
toolchain=${ASTERFARM_BUILDER_TOOLCHAIN:-gcc libc6-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu libc6-dev-riscv64-cross}
builder_packages="$runtime_packages bubblewrap mount qemu-user-static $toolchain"
postgres_packages="postgresql tini"
started=$SECONDS
step() { echo "==> [$((SECONDS - started)) s] $*" >&2; }

# rootfs ROLE ARCH PACKAGES: prints the tag of the base image, making it when it is missing.
rootfs() {
  local role=$1 arch=$2 packages=$3 variant=apt
  [[ $arch == "$(dpkg --print-architecture)" ]] || variant=extract
  local key
  key=$(printf '%s\n' "$suite" "$arch" "$variant" "$packages" "$sources" "rootfs-v1" | sha256sum | cut -c1-16)
  local image="asterfarm-rootfs:$role-$arch-$key"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    step "mmdebstrap $suite $arch ($role: $packages)"
    local tar
    tar=$(mktemp --suffix=.tar)
    # Documentation and caches are left out: nobody reads them in a container and they cost a layer's worth. The
    # downloaded packages are kept in .state/images/apt-cache-ARCH, so the next root filesystem (the other role's, or
    # a changed package list) downloads only what it adds (the sync-in/sync-out cache of mmdebstrap's manual).
    local cache=.state/images/apt-cache-$arch
    mkdir -p "$cache"
    mmdebstrap --quiet --variant="$variant" --architectures="$arch" --include="${packages// /,}" \
      --dpkgopt='path-exclude=/usr/share/{doc,man,info,locale}/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
      --aptopt='Acquire::Languages "none"' --skip=download/empty --skip=essential/unlink \
      --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' --setup-hook="sync-in $cache /var/cache/apt/archives/" \
      --customize-hook="sync-out /var/cache/apt/archives $cache" \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      "$suite" "$tar" - <<<"$sources" >&2
    docker import --platform "linux/$arch" "$tar" "$image" >/dev/null
    rm -f "$tar"
  fi
  echo "$image"
}

revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
host_arch=$(dpkg --print-architecture)
mkdir -p .state/images
for arch in "${arches[@]}"; do
  rid=linux-x64
  [[ $arch == arm64 ]] && rid=linux-arm64
  out=.state/images/publish-$arch
  step "dotnet publish ($rid, self-contained) -> $out"
  rm -rf "$out"
  # Own artifacts directory: the publish never rewrites the tree's bin/ and obj/, which a build or test running
  # meanwhile (dotnet test of the solution) reads.
  for project in src/Coordinator src/Builder; do
    dotnet publish "$project" -c Release -r "$rid" --self-contained -o "$out" --artifacts-path .state/images/artifacts \
      -nologo -v quiet >"$out.log" 2>&1 \
      || { echo "build-images.sh: dotnet publish $project failed:" >&2; tail -n 30 "$out.log" >&2; exit 1; }
  done
  mkdir -p "$out/.state"
  for role in coordinator builder; do
    packages=$runtime_packages
    [[ $role == builder ]] && packages=$builder_packages
    base=$(rootfs "$role" "$arch" "$packages")
    name=asterfarm
    [[ $role == builder ]] && name=asterfarm-builder
    step "docker build $name:$tag-$arch (FROM $base)"
    DOCKER_BUILDKIT=0 docker build --quiet --platform "linux/$arch" -f "images/$role/Dockerfile" \
      --build-arg "BASE=$base" --build-arg "REVISION=$revision" --build-arg "CREATED=$created" --build-arg "VERSION=$tag" \
      -t "$name:$tag-$arch" "$out" >"$out.$role.log" 2>&1 \
      || { echo "build-images.sh: docker build $name failed:" >&2; tail -n 30 "$out.$role.log" >&2; exit 1; }
    [[ $arch == "$host_arch" ]] && docker tag "$name:$tag-$arch" "$name:$tag"
  done
done
if $postgres; then
  base=$(rootfs postgres "$host_arch" "$postgres_packages")
  step "docker build asterfarm-postgres:$tag (FROM $base)"
  DOCKER_BUILDKIT=0 docker build --quiet -f images/postgres/Dockerfile --build-arg "BASE=$base" \
    -t "asterfarm-postgres:$tag" images/postgres >.state/images/postgres.log 2>&1 \
    || { echo "build-images.sh: docker build asterfarm-postgres failed:" >&2; tail -n 30 .state/images/postgres.log >&2; exit 1; }
fi
step "done"
