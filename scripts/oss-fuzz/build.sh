#!/usr/bin/env bash
# Build every wasmdiff fuzz target and lay out $OUT the way OSS-Fuzz and
# ClusterFuzzLite expect it. For each target in fuzz/fuzz_targets/:
#
#   $OUT/<target>                   the libFuzzer binary
#   $OUT/<target>_seed_corpus.zip   corpus/seeds
#   $OUT/<target>.options           libFuzzer and ASan options (default.options)
#
# No <target>.dict: the targets read raw bytes through `arbitrary` (they are
# not WebAssembly), so a dictionary of Wasm tokens would not help.
#
# In OSS-Fuzz and ClusterFuzzLite this runs as $SRC/build.sh inside the
# base-builder-rust image, where `compile` sets SRC, OUT, WORK, SANITIZER and
# RUSTFLAGS. It also runs on any machine with stable Rust and cargo-fuzz:
#
#   OUT=/tmp/out scripts/oss-fuzz/build.sh
#
# Environment:
#   OUT               where the files go (required)
#   SRC               directory holding the `wasmdiff` checkout (default: found
#                     from this script's location)
#   WORK              scratch space; the cargo target dir goes in $WORK/target
#                     unless CARGO_TARGET_DIR is set
#   CARGO_TARGET_DIR  the cargo target dir (keep it outside the clone, e.g.
#                     ~/.cache/wasmdiff/fuzz-target, so it stays warm)
#   SANITIZER         none (default outside OSS-Fuzz), address (OSS-Fuzz's
#                     only sanitizer for Rust; needs nightly, which the
#                     OSS-Fuzz image has, or RUSTC_BOOTSTRAP=1; the target
#                     then leaves wasmer's engines out, which ASan cannot
#                     run), undefined (Rust has no UBSan: built without a
#                     sanitizer), coverage (the image's `cargo` wrapper turns
#                     the build into a coverage build, without FUZZ_FEATURES)
#   FUZZ_FEATURES     cargo features of the fuzz crate (default: clusterfuzz,
#                     which reports divergences without shrinking or
#                     recording them; see fuzz/README.md)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -f $here/../../fuzz/Cargo.toml ]]; then
    root=$(cd "$here/../.." && pwd)
elif [[ -n ${SRC:-} && -f $SRC/wasmdiff/fuzz/Cargo.toml ]]; then
    root=$SRC/wasmdiff
else
    echo "build.sh: cannot find the wasmdiff checkout (set SRC to its parent directory)" >&2
    exit 1
fi
: "${OUT:?set OUT to the output directory}"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [[ -z ${CARGO_TARGET_DIR:-} ]]; then
    CARGO_TARGET_DIR=${WORK:-$root/fuzz}/target
fi
export CARGO_TARGET_DIR
features=${FUZZ_FEATURES-clusterfuzz}

case ${SANITIZER:-none} in
    none | undefined | coverage) sanitizer=none ;;
    address) sanitizer=address ;;
    *)
        echo "build.sh: sanitizer '$SANITIZER' is not supported for Rust (use address or none)" >&2
        exit 1
        ;;
esac

cd "$root"
targets=()
for f in fuzz/fuzz_targets/*.rs; do
    targets+=("$(basename "${f%.rs}")")
done

# One build for every target. -O: release mode, as OSS-Fuzz recommends.
start=$(date +%s)
cargo fuzz build -O --sanitizer "$sanitizer" ${features:+--features "$features"}
echo "build.sh: cargo fuzz build took $(($(date +%s) - start))s (target dir $CARGO_TARGET_DIR)"

bin_dir=$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release

# zip when it is there, else Python's zipfile: both store the files flat.
zip_flat() {
    local zip=$1 dir=$2
    rm -f "$zip"
    if command -v zip > /dev/null; then
        (cd "$dir" && zip -q -X "$zip" -- *)
    elif ! command -v python3 > /dev/null; then
        echo "build.sh: need zip or python3 to write $zip" >&2
        return 1
    else
        python3 - "$zip" "$dir" << 'EOF'
import os, sys, zipfile
out, src = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            z.write(path, name)
EOF
    fi
}

for t in "${targets[@]}"; do
    cp "$bin_dir/$t" "$OUT/$t"
    zip_flat "$OUT/${t}_seed_corpus.zip" "$root/corpus/seeds"
    cp "$root/scripts/oss-fuzz/default.options" "$OUT/$t.options"
done
ls -l "$OUT"
