#!/usr/bin/env bash
# dpp bench feed on one capture of every venue in the fixtures, RUNS times each, then the
# tardis-dev reference (every normalizer it has for the exchange) on the same capture of every
# venue; every line is JSON. Compare events_per_loop before messages_per_sec: a reference that
# normalized fewer events did less of the work.
#   bench/feed-all.sh [RUNS] [SECONDS]
# Run from anywhere; reads ../shared/fixtures (or DPP_FIXTURES).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${DPP_FIXTURES:-$root/../shared/fixtures}"
runs="${1:-3}"
seconds="${2:-5}"
# Each venue's main WebSocket capture (the largest that subscribes to its books, the one with its
# books where a venue was recorded over several connections: Kraken's trades apart, Phemex's
# candles apart), as dpp up --replay finds the venues' captures.
captures=()
while IFS= read -r line; do
  venue="$(sed -n 's/^{"venue":"\([^"]*\)".*/\1/p' <<<"$line")"
  main="$(sed -n 's/.*"main_capture":"\([^"]*\)".*/\1/p' <<<"$line")"
  captures+=("$venue:${main#"$fixtures"/}")
done < <("$root/dpp" captures "$fixtures")
for entry in "${captures[@]}"; do
  for _ in $(seq "$runs"); do
    "$root/dpp" bench feed --venue "${entry%%:*}" --capture "$fixtures/${entry#*:}" --seconds "$seconds"
  done
done
if command -v node >/dev/null; then
  for entry in "${captures[@]}"; do
    for _ in $(seq "$runs"); do
      "$root/bench/tardis-reference/run.sh" "${entry%%:*}" "$fixtures/${entry#*:}" "$seconds"
    done
  done
fi
