#!/usr/bin/env bash
# Unpack asmjit's sources for WAMR's fast JIT (cargo feature `wamr-jit`):
# WAMR's CMake would clone asmjit from GitHub; the build uses this tree
# instead. It is Debian bookworm's asmjit source (0.0~git20221210.5b5b0b3),
# checked against its SHA-256. Does nothing when the tree is there.
#
#   scripts/fetch-asmjit.sh [DIR]    # default: ~/.cache/wasmdiff/asmjit
#
# crates/wamr-sys/build.rs reads DIR (or $WASMDIFF_ASMJIT_SRC).
set -euo pipefail

dir=${1:-${WASMDIFF_ASMJIT_SRC:-$HOME/.cache/wasmdiff/asmjit}}
version=0.0~git20221210.5b5b0b3
sha256=c05b9b913f3be6f22d1452cfa6a7f87372090242cc9526685d02880277b7641f
url=http://deb.debian.org/debian/pool/main/a/asmjit/asmjit_${version}.orig.tar.xz

if [[ -e $dir/src/asmjit/asmjit.h ]]; then
  exit 0
fi
if ! command -v curl > /dev/null || ! command -v xz > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl xz-utils
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/asmjit.tar.xz" "$url"
echo "$sha256  $tmp/asmjit.tar.xz" | sha256sum -c --quiet -
mkdir -p "$tmp/src"
tar -xJf "$tmp/asmjit.tar.xz" -C "$tmp/src" --strip-components=1
mkdir -p "$(dirname "$dir")"
rm -rf "$dir"
mv "$tmp/src" "$dir"
echo "asmjit $version in $dir"
