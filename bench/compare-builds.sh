#!/usr/bin/env bash
# Runs one `dpp bench ...` command on two builds side by side, in the order A B B A A B, so that
# a drift of the machine's speed during the run weighs on both equally (on a shared VM it moves by
# tens of percent within minutes), and prints each run's JSON line and the median of FIELD per build.
#   bench/compare-builds.sh DIR_A DIR_B FIELD bench feed --venue okx --capture .../OKX.ws.1.0 --seconds 5
# DIR_A and DIR_B each hold a build's dpp.jar and lib/ (copy app/target/dpp.jar and app/target/lib
# after building each revision, e.g. in a git worktree). FIELD is the JSON field to compare
# (messages_per_sec, events_per_sec, book_at_ms_p99, ...). Uses the JDK `./dpp jdk` finds.
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
a=$1 b=$2 field=$3
shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jdk=$("$root/dpp" jdk | cut -d' ' -f1)
java="$jdk/bin/java"
opts=(-XX:+UseG1GC -XX:MaxGCPauseMillis=10 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
export DPP_FIXTURES="${DPP_FIXTURES:-$root/../shared/fixtures}"
declare -A values=([A]="" [B]="")
for build in A B B A A B; do
  dir=$([ "$build" = A ] && echo "$a" || echo "$b")
  line=$("$java" "${opts[@]}" -jar "$dir/dpp.jar" "$@" 2>/dev/null | tail -1)
  echo "$build $line"
  value=$(printf '%s' "$line" | grep -o "\"$field\":[-0-9.eE+]*" | cut -d: -f2 || true)
  if [ -n "$value" ]; then
    values[$build]+="$value "
  else
    echo "$build: no $field in that run's output (it failed, or the field is named otherwise)" >&2
  fi
done
for build in A B; do
  # shellcheck disable=SC2086 # one number per word
  median=$(printf '%s\n' ${values[$build]} | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "none"}')
  echo "$build median $field: $median (runs: ${values[$build]})"
done
