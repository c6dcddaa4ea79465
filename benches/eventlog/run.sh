#!/usr/bin/env bash
# Measures what the event log costs on a 10 M-call run and rewrites reports/event-log.md:
# the run without a log, with a CSV log and with a JSON Lines log, then the replay of each log
# (checked byte-identical to the run's JSON report). Run it on a quiet machine:
#   benches/eventlog/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cargo build --release --quiet
bin="$root/target/release/callsim"
scenario=scenarios/bench/mmn-abandon-10.toml
work="$(mktemp -d "${TMPDIR:-/tmp}/callsim-eventlog.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# timed NAME COMMAND...: runs COMMAND with stdout to $work/NAME.out; prints "wall rss_kb".
timed() {
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out"
    cat "$work/$name.time"
}

read -r plain_wall plain_rss < <(timed plain "$bin" run "$scenario" --quiet --format json)
rows=""
for format in csv jsonl; do
    read -r wall rss < <(timed "run-$format" "$bin" run "$scenario" --quiet --format json --events "$work/events.$format")
    cmp -s "$work/plain.out" "$work/run-$format.out" || { echo "the report changed with a $format log" >&2; exit 1; }
    size=$(stat -c %s "$work/events.$format")
    lines=$(wc -l < "$work/events.$format")
    read -r replay_wall replay_rss < <(timed "replay-$format" "$bin" replay "$work/events.$format" --format json)
    cmp -s "$work/plain.out" "$work/replay-$format.out" || { echo "the $format replay differs from the run" >&2; exit 1; }
    rm "$work/events.$format"
    slowdown=$(awk -v a="$wall" -v b="$plain_wall" 'BEGIN { printf "%.2f", a / b }')
    rows+="| $format | $wall | ${slowdown}× | $((rss / 1024)) | $((size / 1000000)) | $lines | $replay_wall | $((replay_rss / 1024)) | yes |"$'\n'
done

calls=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["dialed_numbers"][-1]["calls"]["mean"]))' "$work/plain.out")
{
    echo "# The event log's cost"
    echo
    echo "Produced by \`benches/eventlog/run.sh\` (do not edit by hand) on $(nproc) cores, $(uname -sr)."
    echo "\`callsim run $scenario --format json [--events FILE]\`: one replication, $calls calls;"
    echo "then \`callsim replay FILE --format json\`. Wall time and peak RSS from \`/usr/bin/time\`."
    echo
    echo "| log | run wall (s) | run slowdown | run RSS (MB) | log size (MB) | lines | replay wall (s) | replay RSS (MB) | replay = run |"
    echo "|---|---|---|---|---|---|---|---|---|"
    echo "| none | $plain_wall | 1.00× | $((plain_rss / 1024)) | | | | | |"
    printf "%s" "$rows"
} > reports/event-log.md
cat reports/event-log.md
