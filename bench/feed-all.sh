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
captures=(
  binance:binance/cryptofeed/BINANCE.ws.1.0
  binance-futures:binance_futures/cryptofeed/BINANCE_FUTURES.ws.1.0
  kraken:kraken/cryptofeed/KRAKEN.ws.50.0
  okx:okx/cryptofeed/OKX.ws.1.0
  bitfinex:bitfinex/cryptofeed/BITFINEX.ws.11.0
  coinbase:coinbase/cryptofeed/COINBASE.ws.28.0
  bitstamp:bitstamp/cryptofeed/BITSTAMP.ws.1.0
  bybit:bybit/cryptofeed/BYBIT.ws.25.0
  kraken-futures:kraken_futures/cryptofeed/KRAKEN_FUTURES.ws.1.0
  deribit:deribit/cryptofeed/DERIBIT.ws.1.0
  bitmex:bitmex/cryptofeed/BITMEX.ws.1.0
  binance-us:binance_us/cryptofeed/BINANCE_US.ws.1.0
  binance-delivery:binance_delivery/cryptofeed/BINANCE_DELIVERY.ws.1.0
  okcoin:okcoin/cryptofeed/OKCOIN.ws.1.0
  gateio:gateio/cryptofeed/GATEIO.ws.1.0
)
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
