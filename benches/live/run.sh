#!/usr/bin/env bash
# Measures live mode's cost to the engine (unpaced, with 0 and 200 stream clients) against the
# offline run, and rewrites reports/live.md.
#
#   benches/live/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$root" && cargo build --release --quiet)
python3 "$root/benches/live/measure.py" > "$root/reports/live.md"
echo "wrote reports/live.md" >&2
