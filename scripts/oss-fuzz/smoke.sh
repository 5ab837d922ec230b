#!/usr/bin/env bash
# Check what build.sh put in OUT: every fuzz target binary has its seed
# corpus zip and its options file, libFuzzer knows every flag of the
# options file's [libfuzzer] section, and the target runs RUNS inputs
# (default 200) from its seed corpus with those flags without a crash.
#
# usage: scripts/oss-fuzz/smoke.sh OUT [RUNS]
set -euo pipefail

out=${1:?usage: smoke.sh OUT [RUNS]}
runs=${2:-200}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The [libfuzzer] section of an options file as -key=value flags.
libfuzzer_flags() {
    awk '
        /^\[/ { section = $0; next }
        section == "[libfuzzer]" && /=/ && !/^[ \t]*[#;]/ {
            split($0, kv, "=")
            key = kv[1]; value = substr($0, index($0, "=") + 1)
            gsub(/^[ \t]+|[ \t]+$/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", value)
            print "-" key "=" value
        }' "$1"
}

# The engines of the smoke run: all but those with real bugs that 200
# mutated inputs meet often enough to fail it by chance (findings, not
# regressions, each with a repro; see tests/integration/common.rs):
# JavaScriptCore's BBQ compiler, which the OMG configurations run first,
# and WAMR (names with a NUL byte). Under AddressSanitizer wasmer's engines
# are left out too, as the target itself does when WASMDIFF_ENGINES is not
# set. WASMDIFF_ENGINES overrides all this.
skip=-jsc-bbq,-jsc-omg,-jsc-omg-bounds,-wamr,-wamr-classic,-wamr-fast-jit
if [[ ${SANITIZER:-none} == address ]]; then
    skip+=,-wasmer-singlepass,-wasmer-cranelift
fi
export WASMDIFF_ENGINES=${WASMDIFF_ENGINES:-all,$skip}

targets=0
for options in "$out"/*.options; do
    [[ -e $options ]] || break
    t=$(basename "${options%.options}")
    bin=$out/$t
    zip=$out/${t}_seed_corpus.zip
    [[ -x $bin ]] || { echo "smoke: $t: no executable $bin" >&2; exit 1; }
    [[ -f $zip ]] || { echo "smoke: $t: no seed corpus $zip" >&2; exit 1; }
    mkdir -p "$scratch/$t"
    if command -v unzip > /dev/null; then
        unzip -q "$zip" -d "$scratch/$t"
    else
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$scratch/$t"
    fi
    seeds=$(find "$scratch/$t" -type f | wc -l)
    mapfile -t flags < <(libfuzzer_flags "$options")
    start=$(date +%s)
    status=0
    "$bin" -runs="$runs" "${flags[@]}" -artifact_prefix="$scratch/" "$scratch/$t" \
        > "$scratch/$t.log" 2>&1 || status=$?
    if [[ $status != 0 ]] || grep -q "WARNING: unrecognized flag" "$scratch/$t.log"; then
        grep -E -A2 "panicked at|unrecognized flag" "$scratch/$t.log" >&2 || tail -n 40 "$scratch/$t.log" >&2
        echo "smoke: $t: exit status $status after $(($(date +%s) - start))s" >&2
        exit 1
    fi
    echo "smoke: $t: $runs runs from $seeds seeds with ${flags[*]:-no flags}: ok in $(($(date +%s) - start))s ($(grep -E '^Done ' "$scratch/$t.log" || echo 'no Done line'))"
    targets=$((targets + 1))
done
[[ $targets -gt 0 ]] || { echo "smoke: no fuzz targets in $out" >&2; exit 1; }
