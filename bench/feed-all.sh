#!/usr/bin/env bash
# dpp bench feed on one capture of every venue in the fixtures, RUNS times each, beside the
# tardis-dev reference (every normalizer it has for the exchange) on the same capture; every
# line is JSON. Compare events_per_loop before messages_per_sec: a reference that
# normalized fewer events did less of the work.
#   bench/feed-all.sh [RUNS] [SECONDS] [VENUE...]
# (VENUE...: only those venues' rows, for re-measuring what a change touched.)
# Run from anywhere; reads ../shared/fixtures (or DPP_FIXTURES).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${DPP_FIXTURES:-$root/../shared/fixtures}"
runs="${1:-3}"
seconds="${2:-5}"
only=("${@:3}")
# Each venue's main WebSocket capture (the largest that subscribes to its books, the one with its
# books where a venue was recorded over several connections: Kraken's trades apart, Phemex's
# candles apart), as dpp up --replay finds the venues' captures.
captures=()
while IFS= read -r line; do
  venue="$(sed -n 's/^{"venue":"\([^"]*\)".*/\1/p' <<<"$line")"
  main="$(sed -n 's/.*"main_capture":"\([^"]*\)".*/\1/p' <<<"$line")"
  captures+=("$venue:${main#"$fixtures"/}")
done < <("$root/dpp" captures "$fixtures")
# Side by side, venue by venue: DPP then the reference in odd rounds, the reference then DPP in
# even ones (DPP, tardis-dev, tardis-dev, DPP for RUNS=2), so that the machine's drift weighs on
# both alike. Without Node.js, DPP's runs only.
reference=$(command -v node >/dev/null && echo yes || echo no)
for entry in "${captures[@]}"; do
  venue="${entry%%:*}" capture="$fixtures/${entry#*:}"
  if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx -- "$venue"; then
    continue
  fi
  for round in $(seq "$runs"); do
    order=(dpp ref)
    if [ $((round % 2)) -eq 0 ]; then
      order=(ref dpp)
    fi
    for who in "${order[@]}"; do
      if [ "$who" = dpp ]; then
        "$root/dpp" bench feed --venue "$venue" --capture "$capture" --seconds "$seconds"
      elif [ "$reference" = yes ]; then
        "$root/bench/tardis-reference/run.sh" "$venue" "$capture" "$seconds"
      fi
    done
  done
done
