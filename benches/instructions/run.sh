#!/usr/bin/env bash
# Counts the instructions callsim executes (valgrind's callgrind: the same count on every run of
# the same binary and input, however noisy the machine) on the reference model, without and with
# a CSV event log, for two builds side by side; prints a Markdown table for reports/.
#
#   benches/instructions/run.sh BEFORE_BINARY AFTER_BINARY [HORIZON]
#
# A refactor that claims "no loss of speed" quotes this table: a ratio above 1.03 is a loss.
set -euo pipefail
before="$1"; after="$2"; horizon="${3:-6h}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenario="$root/scenarios/bench/mmn-abandon-1000.toml"
work="$(mktemp -d "${TMPDIR:-/tmp}/callsim-instructions.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# count BINARY NAME [ARGS...]: the instructions of one run, on stdout.
count() {
    local binary="$1" name="$2"; shift 2
    valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" \
        "$binary" run "$scenario" --horizon "$horizon" --quiet --format json --threads 1 "$@" \
        > "$work/$name.json" 2> "$work/$name.err"
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/$name.err"
}

echo "| run (mmn-abandon-1000, horizon $horizon, 1 thread) | before (instructions) | after | after / before |"
echo "|---|---|---|---|"
for log in none csv; do
    extra=()
    [ "$log" = csv ] && extra=(--events "$work/events-\$WHO.csv")
    b=$(count "$before" "before-$log" "${extra[@]/\$WHO/before}")
    a=$(count "$after" "after-$log" "${extra[@]/\$WHO/after}")
    cmp -s "$work/before-$log.json" "$work/after-$log.json" || { echo "the reports differ ($log)" >&2; exit 1; }
    ratio=$(python3 -c "print(f'{$a / $b:.4f}')")
    echo "| event log: $log | $b | $a | $ratio |"
done
