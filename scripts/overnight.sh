#!/usr/bin/env bash
# A night of fuzzing on one machine, and a summary for the morning.
#
# Runs the libFuzzer target `differential` in fork mode on all cores for a
# fixed time, sharing the corpus directory: the libFuzzer corpus grows in
# CORPUS/libfuzzer/differential (seeded from CORPUS/seeds), divergences are
# shrunk and recorded in CORPUS/repros (several processes may write there at
# once), and one divergence does not stop the night (-ignore_crashes=1).
# Then `wasmdiff triage` re-runs every repro and this night's crash files and
# writes the summary: new signatures, counts, repro directories.
#
# usage: scripts/overnight.sh [--time SECS] [--jobs N] [--rss-limit-mb MB]
#                             [--corpus DIR] [--canary]
#   --time SECS        how long to fuzz (default 28800, eight hours)
#   --jobs N           fuzzing processes (default: all cores)
#   --rss-limit-mb MB  memory limit of each process (default 4096)
#   --corpus DIR       the shared corpus directory (default: corpus/ of this
#                      checkout)
#   --canary           add the canary engine (a self-test: it must find and
#                      record divergences within minutes)
#
# Everything about the night goes to CORPUS/overnight/<UTC time>/: fuzz.log
# (libFuzzer's output), artifacts/ (crash files), summary.md and
# summary.json. The summary is printed at the end too.
#
# Environment: FUZZ_TARGET_DIR (cargo target dir of the fuzz build, default
# ~/.cache/wasmdiff/fuzz-target), CARGO_TARGET_DIR (of the wasmdiff build
# used for the triage), WASMDIFF (a wasmdiff binary to use instead of
# building one; with --canary it must include the canary).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
time_secs=28800
jobs=$(nproc)
rss_mb=4096
corpus=$root/corpus
canary=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --time) time_secs=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --rss-limit-mb) rss_mb=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --canary) canary=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "overnight.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$corpus"
corpus=$(cd "$corpus" && pwd)

fuzz_target_dir=${FUZZ_TARGET_DIR:-$HOME/.cache/wasmdiff/fuzz-target}
features=()
engines=all
if [[ $canary == 1 ]]; then
    features=(--features canary)
    engines=all,canary
fi

cd "$root"
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked --version 0.13.2

# The night runs private copies of the two binaries: a build in the same
# target dir during the night must not swap them (fork mode starts the
# fuzzer again for every job).
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
echo "== building the fuzz target and wasmdiff"
cargo fuzz build --sanitizer none -O "${features[@]}" --target-dir "$fuzz_target_dir" differential
cp "$fuzz_target_dir/x86_64-unknown-linux-gnu/release/differential" "$bin/differential"
if [[ -n ${WASMDIFF:-} ]]; then
    cp "$WASMDIFF" "$bin/wasmdiff"
else
    cargo build --release --locked -q -p wasmdiff-cli "${features[@]}"
    cp "${CARGO_TARGET_DIR:-$root/target}/release/wasmdiff" "$bin/wasmdiff"
fi
fuzzer=$bin/differential
wasmdiff=$bin/wasmdiff

start=$(date +%s)
night=$corpus/overnight/$(date -u -d "@$start" +%Y%m%dT%H%M%SZ)
mkdir -p "$night/artifacts" "$corpus/libfuzzer/differential" "$corpus/repros"
# Seeds: the corpus's own, else this checkout's.
seeds=$corpus/seeds
[[ -d $seeds ]] || seeds=$root/corpus/seeds

echo "== fuzzing for ${time_secs}s on $jobs processes (engines $engines); log: $night/fuzz.log"
status=0
WASMDIFF_ENGINES=$engines WASMDIFF_REPROS=$corpus/repros \
    "$fuzzer" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$time_secs" -rss_limit_mb="$rss_mb" -timeout=300 \
    -artifact_prefix="$night/artifacts/" -print_final_stats=1 \
    "$corpus/libfuzzer/differential" "$seeds" > "$night/fuzz.log" 2>&1 || status=$?
end=$(date +%s)
echo "== fuzzing ended after $((end - start))s (libFuzzer exit status $status)"

echo "== triage"
triage_args=("$corpus/repros" "$night/artifacts" --new-since "$start" --engines "$engines")
triage_status=0
"$wasmdiff" triage "${triage_args[@]}" --json > "$night/summary.json" || triage_status=$?
table=$("$wasmdiff" triage "${triage_args[@]}" 2>&1) || true
crashes=$(find "$night/artifacts" -name 'crash-*' | wc -l)
last_stats=$(grep -E '^#[0-9]+' "$night/fuzz.log" | tail -1 || true)
{
    echo "# wasmdiff overnight run, $(date -u -d "@$start" '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "- fuzzed $((end - start)) s with $jobs processes, engines $engines (libFuzzer exit status $status)"
    echo "- libFuzzer's last status line: \`${last_stats:-none}\`"
    echo "- crash files tonight: $crashes (in $night/artifacts)"
    echo "- repros: $corpus/repros; libFuzzer log: $night/fuzz.log"
    echo "- triage exit status $triage_status (0 all fixed, 1 still diverging, 3 inconclusive, 2 error)"
    echo
    echo '```'
    echo "$table"
    echo '```'
} > "$night/summary.md"
cat "$night/summary.md"
echo "summary: $night/summary.md ($night/summary.json)"
