// The tardis-dev reference for `dpp bench feed`: the same capture file, tardis-dev's own
// normalizers (trades, book changes, and where tardis-dev has them for the exchange book tickers,
// derivative tickers and liquidations, as DPP derives those too) and its OrderBook, JSON.parse
// included, in a loop on one thread. Prints one JSON line in the shape dpp bench feed prints.
//
// Usage: node reference.js VENUE CAPTURE [SECONDS]   (VENUE: kraken, coinbase, bitfinex, okx, ...)
'use strict'
const fs = require('fs')
const zlib = require('zlib')
const { normalizeTrades, normalizeBookChanges, normalizeBookTickers, normalizeDerivativeTickers, normalizeLiquidations,
  OrderBook } = require('tardis-dev')

// DPP venue ids to tardis-dev exchange ids.
const EXCHANGES = {
  kraken: 'kraken', coinbase: 'coinbase', bitfinex: 'bitfinex', okx: 'okex', binance: 'binance',
  'binance-futures': 'binance-futures', bitstamp: 'bitstamp', bitmex: 'bitmex', deribit: 'deribit',
  'kraken-futures': 'cryptofacilities', bybit: 'bybit', 'binance-us': 'binance-us', 'binance-delivery': 'binance-delivery',
  okcoin: 'okcoin',
  gateio: 'gate-io',
  gemini: 'gemini',
  'gateio-futures': 'gate-io-futures',
  poloniex: 'poloniex',
  upbit: 'upbit',
  huobi: 'huobi',
  'huobi-swap': 'huobi-dm-linear-swap',
  bitflyer: 'bitflyer',
  delta: 'delta',
  phemex: 'phemex',
  hitbtc: 'hitbtc',
  kucoin: 'kucoin'
}

// Venues tardis-dev normalizes, but not in the API the fixtures recorded: no like-for-like figure.
const OTHER_API = {
  ascendex: "tardis-dev's AscendEX mapper reads depth-realtime (API v2); the capture holds v1's depth",
  'ascendex-futures': "tardis-dev's AscendEX mapper reads depth-realtime (API v2); the capture holds depth",
  bitget: "tardis-dev's Bitget mappers read API v2 (books15 pictures, trade objects); the capture holds v1's books and trade arrays"
}

const [venue, capture, seconds = '10'] = process.argv.slice(2)
const exchange = EXCHANGES[venue]
if (!venue || !capture) {
  console.error('usage: node reference.js VENUE CAPTURE [SECONDS]; venues: ' + Object.keys(EXCHANGES).join(', '))
  process.exit(2)
}
if (!exchange) {
  // A venue tardis-dev does not normalize has no reference figure: said so in the bench's own shape.
  console.log(JSON.stringify({ venue, reference: 'tardis-dev', skipped: OTHER_API[venue] ?? 'tardis-dev has no normalizer for this venue' }))
  process.exit(0)
}

// A binary frame's Python bytes literal (b'...'), as the bytes it stands for; gzip inflated (Huobi).
function fromBytesLiteral (literal) {
  const body = literal.slice(2, -1)
  const out = []
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c !== '\\') {
      out.push(body.charCodeAt(i))
      continue
    }
    const e = body[++i]
    if (e === 'x') {
      out.push(parseInt(body.substr(i + 1, 2), 16))
      i += 2
    } else {
      out.push({ n: 10, r: 13, t: 9 }[e] ?? body.charCodeAt(i))
    }
  }
  const frame = Buffer.from(out)
  return (frame[0] === 0x1f && frame[1] === 0x8b ? zlib.gunzipSync(frame) : frame).toString('utf8')
}

// Received messages of the capture: lines "t: JSON" (see ../shared/fixtures/README.md), read before
// the measured loop as DPP's capture reader reads them.
const messages = []
let bytes = 0
for (const line of fs.readFileSync(capture, 'utf8').split('\n')) {
  const m = /^(\d+(?:\.\d+)?): (.*)$/.exec(line)
  if (m) {
    const text = /^b['"]/.test(m[2]) ? fromBytesLiteral(m[2]) : m[2]
    messages.push({ time: new Date(Math.floor(parseFloat(m[1]) * 1000)), text })
    bytes += Buffer.byteLength(text)
  }
}

// Mappers are made as for a live feed (current time): tardis-dev picks OKX's live "books"
// channel then, which is what the capture holds; for historical dates it expects "books-l2-tbt".
function makeMappers() {
  const now = new Date()
  const made = [normalizeTrades(exchange, now), normalizeBookChanges(exchange, now)]
  for (const optional of [normalizeBookTickers, normalizeDerivativeTickers, normalizeLiquidations]) {
    try {
      made.push(optional(exchange, now))
    } catch (e) {
      // tardis-dev has no such normalizer for this exchange
    }
  }
  return made
}

function loop() {
  const mappers = makeMappers()
  const books = new Map()
  let events = 0
  for (const { time, text } of messages) {
    const message = JSON.parse(text)
    for (const mapper of mappers) {
      if (!mapper.canHandle(message)) continue
      for (const event of mapper.map(message, time)) {
        events++
        if (event.type === 'book_change') {
          let book = books.get(event.symbol)
          if (!book) books.set(event.symbol, (book = new OrderBook()))
          book.update(event)
          book.bestBid()
          book.bestAsk()
        }
      }
    }
  }
  return events
}

const warmupEnd = Date.now() + 3000
while (Date.now() < warmupEnd) loop()
let count = 0
let events = 0
const t0 = process.hrtime.bigint()
const end = Date.now() + parseFloat(seconds) * 1000
do {
  events += loop()
  count++
} while (Date.now() < end)
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9
console.log(JSON.stringify({
  venue, reference: 'tardis-dev@13.35.3', messages_per_sec: Math.round(count * messages.length / elapsed),
  mb_per_sec: Math.round(count * bytes / elapsed / 1e5) / 10, events_per_loop: events / count, messages: count * messages.length,
  seconds: Math.round(elapsed * 100) / 100, node: process.version
}))
