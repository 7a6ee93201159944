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
# Each venue's main WebSocket capture: the largest whose opening subscribes to a book (the one
# with its books where a venue was recorded over several connections: Kraken's trades apart,
# Phemex's candles apart), else its largest; found by file name as dpp up --replay finds them:
# VENUE_ID.ws.N.M, the venue id in upper case with '_' for '-'.
captures=()
declare -A largest=()
declare -A booked=()
while IFS= read -r -d '' file; do
  name="$(basename "$file")"
  venue="$(tr 'A-Z_' 'a-z-' <<<"${name%%.ws.*}")"
  has_book=0
  if head -c 65536 "$file" | grep -qiE 'book|depth|board'; then
    has_book=1
  fi
  if [[ -z "${largest[$venue]:-}" || $has_book -gt ${booked[$venue]} ||
        ( $has_book -eq ${booked[$venue]} && $(stat -c %s "$file") -gt $(stat -c %s "${largest[$venue]}") ) ]]; then
    largest[$venue]="$file"
    booked[$venue]=$has_book
  fi
done < <(find "$fixtures" -name '*.ws.*.*' -type f -print0)
known="$("$root/dpp" replay --venue '?' --capture /dev/null 2>&1 | sed -n "s/.*; venues: //p" || true)"
for venue in $(printf '%s\n' "${!largest[@]}" | sort); do
  if [[ ", $known, " == *", $venue, "* ]]; then
    captures+=("$venue:${largest[$venue]#"$fixtures"/}")
  else
    echo "{\"venue\":\"$venue\",\"skipped\":\"dpp has no venue of that id\"}"
  fi
done
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
